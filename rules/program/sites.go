package program

import (
	"strings"

	"github.com/kompat/kompat/rules/ir"
)

// Hop is a place on a path from a call site to the operation it reaches.
type Hop struct {
	Path   string
	Line   int
	Symbol string
}

// Site is a call site in the method that owns the decision, with the path down to the hazard.
type Site struct {
	File   *File
	Method *Method
	Line   int
	Col    int
	Symbol string   // Owner#method of the method the site is in
	Chain  []string // display names: the method, each callee, the JDK operation
	Rel    []Hop    // the callees' sites, for related locations
	Loader Loader   // loader sites: the kinds the loader may be
	Kind   SinkKind // loader sites: what the loader is used for
	Via    bool     // loader sites: the loader comes through a callee, a field or a reassignment
}

// Path renders the chain as "decode() -> name2class() -> Class.forName(String)".
func (s Site) Path() string { return strings.Join(s.Chain, " -> ") }

// Display returns a method's name for paths: name() in its own class, Simple.name() otherwise,
// new Simple() for a constructor, the enclosing method for a lambda body.
func (p *Program) Display(m *Method, from *Class) string {
	for m.lambdaOf >= 0 {
		m = p.method(m.lambdaOf)
	}
	name := p.Str(m.Name)
	simple := ir.SimpleName(p.Str(p.ClassOf(m).Name))
	switch name {
	case "<init>":
		return "new " + simple + "()"
	case "<clinit>":
		return simple + ".<clinit>"
	}
	if from != nil && from == p.ClassOf(m) {
		return name + "()"
	}
	return simple + "." + name + "()"
}

// Symbol is Owner#name for a method (the enclosing method for a lambda body).
func (p *Program) Symbol(m *Method) string {
	for m.lambdaOf >= 0 {
		m = p.method(m.lambdaOf)
	}
	return p.Str(p.ClassOf(m).Name) + "#" + p.Str(m.Name)
}

func topLevel(name string) string {
	if i := strings.IndexByte(name, '$'); i >= 0 {
		return name[:i]
	}
	return name
}

func (p *Program) primary(fn func(m *Method)) {
	for _, f := range p.files {
		for _, c := range f.Classes {
			if p.classes[c.Name] != c {
				continue
			}
			ms := c.Methods()
			for i := range ms {
				fn(&ms[i])
			}
		}
	}
}

// follow appends the hops of a via chain starting in method t, ending at a sink.
func (p *Program) follow(t *Method, v func(*Method) via, sinkOf func(*Method, int32) Sink, chain []string, rel []Hop) ([]string, []Hop) {
	prev := t
	for depth := 0; t != nil && depth < 16; depth++ {
		w := v(t)
		if w.sink >= 0 {
			s := sinkOf(t, w.sink)
			rel = append(rel, Hop{Path: p.ClassOf(t).File.Path, Line: int(s.Line), Symbol: p.Symbol(t)})
			return append(chain, p.Str(s.What)), rel
		}
		calls := p.Calls(t)
		if w.callee < 0 || int(w.call) >= len(calls) {
			break
		}
		c := &calls[w.call]
		rel = append(rel, Hop{Path: p.ClassOf(t).File.Path, Line: int(c.Line), Symbol: p.Symbol(t)})
		callee := p.method(w.callee)
		if callee.lambdaOf < 0 {
			chain = append(chain, p.Display(callee, p.ClassOf(prev)))
			prev = callee
		}
		t = callee
	}
	return chain, rel
}

func (p *Program) site(m *Method, c *Call) Site {
	return Site{File: p.ClassOf(m).File, Method: m, Line: int(c.Line), Col: int(c.Col), Symbol: p.Symbol(m), Chain: []string{p.Display(m, nil)}}
}

// ImplicitNameSites returns call sites that hand a name to a callee which resolves it as a class
// or resource through an implicit loader (the caller's defining loader or the system loader), in
// the method where the name originates (a caller that passes its own parameter through is not
// the origin: its callers are). A call to a helper of the same top-level class that does the
// lookup itself is left to the local rule, which reports the lookup there.
func (p *Program) ImplicitNameSites() []Site {
	p.Solve()
	var out []Site
	p.primary(func(m *Method) {
		calls := p.Calls(m)
		for ci := range calls {
			c := &calls[ci]
			args := p.Args(m, c)
			for _, t := range p.Targets(c) {
				if t.nameParams == 0 || t.lambdaOf == m.id || p.strategyWithContext(c, t) {
					continue
				}
				origin := false
				for j := 0; j < 16; j++ {
					if t.nameParams&(1<<j) == 0 {
						continue
					}
					if j >= len(args) || m.paramBits(args[j].Params) == 0 {
						origin = true
					}
				}
				if !origin || t.via.sink >= 0 && topLevel(p.Str(p.ClassOf(t).Name)) == topLevel(p.Str(p.ClassOf(m).Name)) {
					continue
				}
				s := p.site(m, c)
				s.Chain = append(s.Chain, p.Display(t, p.ClassOf(m)))
				s.Chain, s.Rel = p.follow(t, func(x *Method) via { return x.via }, func(x *Method, i int32) Sink { return p.NameSinks(x)[i] }, s.Chain, nil)
				out = append(out, s)
				break
			}
		}
	})
	return out
}

// LoaderSites returns the places where a loader value is used for a lookup, to define a proxy,
// is stored in a static field or added to a loader collection, with the kinds it may be; and the
// call sites that pass a loader to a scanned method whose ClassLoader parameter is used for a
// lookup (a resolver or factory), with the path to that lookup.
func (p *Program) LoaderSites() []Site {
	p.Solve()
	var out []Site
	p.primary(func(m *Method) {
		calls := p.Calls(m)
		for _, s := range p.LoaderSinks(m) {
			l, _ := p.Resolve(m, s.Src)
			if l == 0 {
				continue
			}
			site := Site{File: p.ClassOf(m).File, Method: m, Line: int(s.Line), Col: int(s.Col), Symbol: p.Symbol(m), Loader: l, Kind: s.Kind,
				Chain: []string{p.Display(m, nil)}}
			site.Via = s.Src.Call >= 0 || s.Src.Field >= 0 || s.Src.Params != 0 && s.Src.Loader != 0 || bitsCount(uint8(s.Src.Loader)) > 1
			if s.Src.Call >= 0 {
				c := &calls[s.Src.Call]
				for _, t := range p.Targets(c) {
					if t.ret != 0 {
						site.Chain = append(site.Chain, p.Display(t, p.ClassOf(m)))
						site.Rel = append(site.Rel, Hop{Path: p.ClassOf(t).File.Path, Line: int(t.Line), Symbol: p.Symbol(t)})
						break
					}
				}
			} else if s.Src.Field >= 0 {
				site.Chain = append(site.Chain, "field "+p.fieldDisplay(s.Src.Field))
			}
			site.Chain = append(site.Chain, p.Str(s.What))
			out = append(out, site)
		}
		for ci := range calls {
			c := &calls[ci]
			args := p.Args(m, c)
			for _, t := range p.Targets(c) {
				if t.loaderUse == 0 || t.lambdaOf == m.id {
					continue
				}
				found := false
				for j := 0; j < len(args) && j < 16; j++ {
					if t.loaderUse&(1<<j) == 0 {
						continue
					}
					l, _ := p.Resolve(m, args[j])
					if l == 0 {
						continue
					}
					site := p.site(m, c)
					site.Loader, site.Kind, site.Via = l, SinkLookup, true
					site.Chain = append(site.Chain, p.Display(t, p.ClassOf(m)))
					jj := j
					site.Chain, site.Rel = p.follow(t, func(x *Method) via {
						w := p.loaderViaAt(x, jj)
						if xc := p.Calls(x); w.callee >= 0 && int(w.call) < len(xc) {
							// the parameter the loader is in at the next hop
							for k, a := range p.Args(x, &xc[w.call]) {
								if a.Params&(1<<jj) != 0 && k < 16 && p.method(w.callee).loaderUse&(1<<k) != 0 {
									jj = k
									break
								}
							}
						}
						return w
					}, func(x *Method, i int32) Sink { return p.LoaderSinks(x)[i] }, site.Chain, nil)
					out = append(out, site)
					found = true
					break
				}
				if found {
					break
				}
			}
		}
	})
	return out
}

// fieldDisplay renders a field as Simple.name.
func (p *Program) fieldDisplay(id int32) string {
	if id < 0 || int(id) >= len(p.fieldKeys) {
		return ""
	}
	k := p.fieldKeys[id]
	return ir.SimpleName(p.Str(k[0])) + "." + p.Str(k[1])
}

func bitsCount(b uint8) int {
	n := 0
	for ; b != 0; b &= b - 1 {
		n++
	}
	return n
}

// DeserializerSites returns creations of a scanned ObjectInputStream subclass that resolves
// classes the default way, with the resolveClass that only delegates (or the class) as related.
func (p *Program) DeserializerSites() []Site {
	p.Solve()
	var out []Site
	p.primary(func(m *Method) {
		calls := p.Calls(m)
		for ci := range calls {
			c := &calls[ci]
			if c.Kind != CallNew {
				continue
			}
			cls := p.class(c.Owner)
			rc := p.DefaultDeserializer(cls)
			if rc == nil {
				continue
			}
			s := p.site(m, c)
			simple := ir.SimpleName(p.Str(cls.Name))
			if len(p.Calls(rc)) == 0 && rc.Argc == 0 {
				s.Chain = append(s.Chain, "new "+simple+"()", "ObjectInputStream.resolveClass (inherited)")
				s.Rel = append(s.Rel, Hop{Path: cls.File.Path, Line: int(cls.Line), Symbol: p.Str(cls.Name)})
			} else {
				s.Chain = append(s.Chain, "new "+simple+"()", simple+".resolveClass() -> super.resolveClass")
				s.Rel = append(s.Rel, Hop{Path: p.ClassOf(rc).File.Path, Line: int(rc.Line), Symbol: p.Symbol(rc)})
			}
			out = append(out, s)
		}
	})
	return out
}

// SingletonClears returns, in the classes the code base holds as process singletons, the places
// where a method whose name satisfies lifecycle empties a whole collection or map field of the
// instance, directly or through a method of the same class it calls; the chain ends at
// "Simple.field.clear()". A class that is itself a collection or map (its clear() is the
// collection's own) is left out, and a callee that is a lifecycle method is reported on its own.
func (p *Program) SingletonClears(lifecycle func(name string) bool) []Site {
	p.Solve()
	var out []Site
	p.primary(func(m *Method) {
		mc := p.ClassOf(m)
		if m.Static || m.Synthetic || !p.single[mc.Name] || !lifecycle(p.Str(m.Name)) || p.collectionType(mc, 0) {
			return
		}
		// one site per method: the first clear, with the others named and as related locations
		if cl := p.Clears(m); len(cl) > 0 {
			what := p.Str(cl[0].What) + ".clear()"
			var more []string
			s := Site{File: mc.File, Method: m, Line: int(cl[0].Line), Col: int(cl[0].Col), Symbol: p.Symbol(m)}
			for _, c := range cl[1:] {
				more = append(more, p.Str(c.What))
				s.Rel = append(s.Rel, Hop{Path: mc.File.Path, Line: int(c.Line), Symbol: p.Symbol(m)})
			}
			if len(more) > 0 {
				what += " (and " + strings.Join(more, ", ") + ")"
			}
			s.Chain = []string{p.Display(m, nil), what}
			out = append(out, s)
		}
		calls := p.Calls(m)
		for ci := range calls {
			c := &calls[ci]
			for _, t := range p.Targets(c) {
				if t.cls != m.cls || t == m || len(p.Clears(t)) == 0 || lifecycle(p.Str(t.Name)) {
					continue
				}
				cl := p.Clears(t)[0]
				s := p.site(m, c)
				s.Chain = append(s.Chain, p.Display(t, mc), p.Str(cl.What)+".clear()")
				s.Rel = append(s.Rel, Hop{Path: p.ClassOf(t).File.Path, Line: int(cl.Line), Symbol: p.Symbol(t)})
				out = append(out, s)
				break
			}
		}
	})
	return out
}

// collectionType reports whether a class is a collection or map by its supertypes: a JDK
// collection, map or Iterable type among them, directly or through scanned supertypes.
func (p *Program) collectionType(c *Class, depth int) bool {
	if c == nil || depth > 16 {
		return false
	}
	for _, id := range append([]uint32{c.Super}, c.Interfaces...) {
		name := p.Str(id)
		if name == "java.lang.Iterable" {
			return true
		}
		if strings.HasPrefix(name, "java.util.") {
			simple := ir.SimpleName(name)
			for _, k := range []string{"Map", "Set", "List", "Collection", "Queue", "Deque", "Vector", "Stack"} {
				if strings.Contains(simple, k) {
					return true
				}
			}
		}
		if p.collectionType(p.class(id), depth+1) {
			return true
		}
	}
	return false
}

// LazySingleton is a lazy creation of a static singleton by a no-argument constructor, with what
// that constructor does (transitively) when the created class is in the scan.
type LazySingleton struct {
	Site
	Class, Field string
	Known        bool   // the class and its no-argument constructor are scanned
	Effects      Effect // the constructor's effects, when known
}

// LazySingletons returns the lazy singleton creations of the primary classes (LazyNewCandidate),
// each with the constructor it runs as a related location.
func (p *Program) LazySingletons() []LazySingleton {
	p.Solve()
	var out []LazySingleton
	p.primary(func(m *Method) {
		for _, ln := range p.LazyNews(m) {
			l := LazySingleton{Site: Site{File: p.ClassOf(m).File, Method: m, Line: int(ln.Line), Col: int(ln.Col), Symbol: p.Symbol(m),
				Chain: []string{p.Display(m, nil)}}, Class: p.Str(ln.Class), Field: p.Str(ln.Field)}
			if c := p.class(ln.Class); c != nil {
				// the no-argument constructor, and (source) the synthetic one holding the instance
				// field initializers; a class that declares no constructor has the default one
				withArgs := false
				ms := c.Methods()
				for i := range ms {
					t := &ms[i]
					if p.Str(t.Name) != "<init>" {
						continue
					}
					if t.Argc > 0 {
						withArgs = true
						continue
					}
					if !l.Known {
						l.Chain = append(l.Chain, p.Display(t, p.ClassOf(m)))
						l.Rel = append(l.Rel, Hop{Path: c.File.Path, Line: int(t.Line), Symbol: p.Symbol(t)})
					}
					l.Known, l.Effects = true, l.Effects|t.effects
				}
				if !l.Known && !withArgs {
					l.Known = true
				}
			}
			out = append(out, l)
		}
	})
	return out
}
