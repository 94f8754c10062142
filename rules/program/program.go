package program

import (
	"strings"
	"sync"
	"sync/atomic"

	"github.com/kompat/kompat/rules/ir"
)

const enumMod = ir.Enum

// Program is every file summary of one scan, and once solved its class hierarchy, call graph and
// method facts. Add and Summarize are safe for concurrent use; Solve and the queries are not.
type Program struct {
	mu    sync.Mutex
	gen   uint64
	ids   map[string]uint32
	strs  []string
	files []*File
	// fields by owner and name ids; a field id is an index in fieldKeys
	fieldIDs  map[[2]uint32]int32
	fieldKeys [][2]uint32

	classList  []*Class // every summarized class, in the order summarized (Class.idx)
	classes    []*Class // the primary class by interned binary name
	all        []*Method
	callerOff  []int32 // per method id: its callers are callerEdge[callerOff[id]:callerOff[id+1]]
	callerEdge []edge
	loaderVias [][16]via
	subs       map[uint32][]*Class
	targets    map[targetKey]int32 // index in tlists
	tlists     [][]*Method
	fields     map[int32]Loader
	single     map[uint32]bool
	linked     map[uint32]bool // classes scanned code calls, instantiates or extends (Links)
	solved     bool
}

type edge struct {
	m    int32 // the caller's id
	call int32 // the call's index in the caller's Calls
}

// method returns the method with an id.
func (p *Program) method(id int32) *Method { return p.all[id] }

// callers returns the call sites that may run the method.
func (p *Program) callers(t *Method) []edge {
	if t.id < 0 || int(t.id)+1 >= len(p.callerOff) {
		return nil
	}
	return p.callerEdge[p.callerOff[t.id]:p.callerOff[t.id+1]]
}

type targetKey struct {
	owner, name uint32
	argc        int16
	virtual     bool
}

// maxTargets bounds class-hierarchy analysis: a virtual call with more possible targets is
// treated as unknown (silence rather than a guess).
const maxTargets = 8

// New returns an empty program.
func New() *Program {
	return &Program{ids: map[string]uint32{}, fieldIDs: map[[2]uint32]int32{}, gen: programs.Add(1)}
}

// programs numbers the programs made, so that a pooled summarizer knows whose ids it caches.
var programs atomic.Uint64

// internStr interns s and returns its id, the program's own copy and the bytes the new entry
// costs (0 when s was interned before).
func (p *Program) internStr(s string) (uint32, string, int64) {
	p.mu.Lock()
	id, ok := p.ids[s]
	var added int64
	if ok {
		s = p.strs[id]
	} else {
		s = strings.Clone(s)
		id = uint32(len(p.strs))
		p.strs = append(p.strs, s)
		p.ids[s] = id
		added = int64(len(s)) + strEntryBytes
	}
	p.mu.Unlock()
	return id, s, added
}

// strEntryBytes is about what an interned string costs besides its bytes: its slot in strs and
// its entry in ids.
const strEntryBytes = 16 + 32

// Str returns an interned string.
func (p *Program) Str(id uint32) string {
	if int(id) < len(p.strs) {
		return p.strs[id]
	}
	return ""
}

// Add records a file summary.
func (p *Program) Add(f *File) {
	p.mu.Lock()
	p.files = append(p.files, f)
	p.mu.Unlock()
}

// Files returns the summaries in the order they were added.
func (p *Program) Files() []*File { return p.files }

// Class returns the scanned class with a binary name, or nil.
func (p *Program) Class(name string) *Class {
	id, ok := p.ids[name]
	if !ok {
		return nil
	}
	return p.class(id)
}

// perUseResource reports a class that implements Closeable or AutoCloseable and has a public
// constructor.
func (p *Program) perUseResource(c *Class) bool {
	closeable := false
	for _, i := range c.Interfaces {
		if n := p.Str(i); n == "java.io.Closeable" || n == "java.lang.AutoCloseable" {
			closeable = true
		}
	}
	if !closeable || !c.Mods.Has(ir.Public) {
		return false
	}
	ms := c.Methods()
	for i := range ms {
		if ms[i].Public && p.Str(ms[i].Name) == "<init>" {
			return true
		}
	}
	return false
}

// RecordsTrace says whether instances of the named Throwable class record a stack trace, by its
// class chain in the scan: not when a class of the chain never records one (it overrides
// fillInStackTrace, or its constructors turn the trace off). known is false when the chain leaves
// the scanned classes before reaching the JDK.
func (p *Program) RecordsTrace(name string) (records, known bool) {
	for depth := 0; depth < 32 && name != ""; depth++ {
		c := p.Class(name)
		if c == nil {
			return true, jdk(name)
		}
		if c.stackless {
			return false, true
		}
		name = p.Str(c.Super)
	}
	return true, false
}

// Links reports whether scanned code calls, instantiates or extends the named class directly:
// code compiled against a class resolves it through its own ClassLoader, so a lookup of that
// name through the own loader finds the very class the code links to (a presence probe).
func (p *Program) Links(class string) bool {
	id, ok := p.ids[class]
	if !ok {
		return false
	}
	if p.linked == nil {
		p.linked = map[uint32]bool{}
		for _, f := range p.files {
			for _, c := range f.Classes {
				p.linked[c.Super] = true
				for _, i := range c.Interfaces {
					p.linked[i] = true
				}
				ms := c.Methods()
				for i := range ms {
					for _, call := range p.Calls(&ms[i]) {
						p.linked[call.Owner] = true
					}
				}
			}
		}
	}
	return p.linked[id]
}

// HoldsWeakly says whether instances of the named scanned class hold classes and loaders only
// weakly (weakHolder); known is false for a class outside the scan.
func (p *Program) HoldsWeakly(name string) (weak, known bool) {
	c := p.Class(name)
	if c == nil {
		return false, false
	}
	return c.weak, true
}

// class returns the scanned class with an interned binary name, or nil.
func (p *Program) class(id uint32) *Class {
	if int(id) < len(p.classes) {
		return p.classes[id]
	}
	return nil
}

// Singleton reports whether a class is effectively a process singleton: the code base holds an
// instance of it in a static field or a static registry and makes none for other uses, or it is
// an enum.
func (p *Program) Singleton(c *Class) bool { return c != nil && p.single[c.Name] }

// Solve builds the hierarchy and the call graph and computes every method's facts to a fixed
// point (recursion included).
func (p *Program) Solve() {
	if p.solved {
		return
	}
	p.solved = true
	p.classes = make([]*Class, len(p.strs))
	p.subs = map[uint32][]*Class{}
	p.targets = map[targetKey]int32{}
	p.tlists = [][]*Method{nil}
	p.fields = map[int32]Loader{}
	p.single = map[uint32]bool{}
	var primary []*Class
	for _, f := range p.files {
		for _, c := range f.Classes {
			if p.classes[c.Name] != nil {
				continue // the same class seen twice (a source file and its compiled class): the first wins
			}
			p.classes[c.Name] = c
			primary = append(primary, c)
		}
	}
	made := map[uint32]bool{}
	for _, c := range primary {
		p.subs[c.Super] = append(p.subs[c.Super], c)
		for _, i := range c.Interfaces {
			p.subs[i] = append(p.subs[i], c)
		}
		for _, h := range c.holds {
			if p.class(h) != nil {
				p.single[h] = true
			}
		}
		for _, h := range c.makes {
			made[h] = true
		}
	}
	// a class the code base also instantiates for other uses has instances of every scope: the
	// one in a static field is one of many, not the class's single instance
	for h := range made {
		delete(p.single, h)
	}
	// a Closeable that anyone may construct is a resource made per use (a scope, a session); the
	// instance in a static field is one of them
	for _, c := range primary {
		if p.single[c.Name] && p.perUseResource(c) {
			delete(p.single, c.Name)
		}
	}
	for _, c := range primary {
		if c.Mods.Has(enumMod) {
			p.single[c.Name] = true
		}
	}
	var all []*Method
	for _, c := range primary {
		ms := c.Methods()
		for i := range ms {
			ms[i].id = int32(len(all))
			all = append(all, &ms[i])
		}
	}
	p.all = all
	// the call graph: callers per callee, counted and then filled (one array for every edge)
	p.callerOff = make([]int32, len(all)+1)
	for _, m := range all {
		calls := p.Calls(m)
		for ci := range calls {
			for _, t := range p.Targets(&calls[ci]) {
				p.callerOff[t.id+1]++
				if calls[ci].Kind == CallRef && t.Synthetic && t.cls == m.cls {
					t.captured = calls[ci].Argc
					t.lambdaOf = m.id
				}
			}
		}
	}
	for i := 1; i < len(p.callerOff); i++ {
		p.callerOff[i] += p.callerOff[i-1]
	}
	p.callerEdge = make([]edge, p.callerOff[len(all)])
	fill := append([]int32(nil), p.callerOff[:len(all)]...)
	for _, m := range all {
		calls := p.Calls(m)
		for ci := range calls {
			for _, t := range p.Targets(&calls[ci]) {
				p.callerEdge[fill[t.id]] = edge{m.id, int32(ci)}
				fill[t.id]++
			}
		}
	}
	p.solveLoaders(all)
	p.solveLoaderUse(all) // before solveNames, which asks which loader parameters a callee uses
	p.solveNames(all)
	p.solveEffects(all)
}

// Targets resolves a call site to the scanned methods it may run: the declared (or inherited)
// method, and for virtual calls every override in scanned subclasses. Unknown or too many
// targets give nil. The answer is kept in the call site, so asking again costs nothing.
func (p *Program) Targets(c *Call) []*Method {
	if c.tgt > 0 && int(c.tgt) < len(p.tlists) {
		return p.tlists[c.tgt]
	}
	cls := p.class(c.Owner)
	if cls == nil {
		return nil
	}
	k := targetKey{c.Owner, c.Name, c.Argc, c.Kind == CallVirtual || c.Kind == CallRef}
	if t, ok := p.targets[k]; ok {
		c.tgt = t
		return p.tlists[t]
	}
	out := p.declared(cls, c.Name, c.Argc, c.Kind == CallRef, 0)
	if k.virtual && len(p.subs[cls.Name]) > 0 {
		seen := map[*Class]bool{}
		var walk func(id uint32, depth int)
		walk = func(id uint32, depth int) {
			if depth > 32 || len(out) > maxTargets {
				return
			}
			for _, sc := range p.subs[id] {
				if len(out) > maxTargets {
					return // too many already: the call is unknown
				}
				if seen[sc] {
					continue
				}
				seen[sc] = true
				out = append(out, p.own(sc, c.Name, c.Argc, c.Kind == CallRef)...)
				walk(sc.Name, depth+1)
			}
		}
		walk(cls.Name, 0)
	}
	if len(out) > maxTargets {
		out = nil
	}
	t := int32(0)
	if len(out) > 0 {
		t = int32(len(p.tlists))
		p.tlists = append(p.tlists, out)
	}
	p.targets[k] = t
	c.tgt = t
	return out
}

// own returns the class's own methods with the name and arity (any arity for method references;
// all overloads of the name when none has the arity, as for varargs).
func (p *Program) own(c *Class, name uint32, argc int16, anyArity bool) []*Method {
	var out []*Method
	named := 0
	ms := c.Methods()
	for i := range ms {
		if ms[i].Name == name {
			named++
			if anyArity || ms[i].Argc == argc {
				out = append(out, &ms[i])
			}
		}
	}
	if len(out) == 0 && named > 0 {
		for i := range ms {
			if ms[i].Name == name {
				out = append(out, &ms[i])
			}
		}
	}
	return out
}

func (p *Program) declared(c *Class, name uint32, argc int16, anyArity bool, depth int) []*Method {
	if c == nil || depth > 32 {
		return nil
	}
	if ms := p.own(c, name, argc, anyArity); len(ms) > 0 {
		return ms
	}
	if ms := p.declared(p.class(c.Super), name, argc, anyArity, depth+1); len(ms) > 0 {
		return ms
	}
	for _, i := range c.Interfaces {
		if ms := p.declared(p.class(i), name, argc, anyArity, depth+1); len(ms) > 0 {
			return ms
		}
	}
	return nil
}

// Resolve says which loader kinds a value in m may be, and which of m's parameters it may be.
func (p *Program) Resolve(m *Method, s Src) (Loader, uint16) { return p.resolve(m, s, 0) }

func (p *Program) resolve(m *Method, s Src, depth int) (Loader, uint16) {
	l, params := s.Loader, s.Params
	if s.Field >= 0 {
		l |= p.fields[s.Field]
	}
	if calls := p.Calls(m); s.Call >= 0 && int(s.Call) < len(calls) && depth < 8 {
		c := &calls[s.Call]
		args := p.Args(m, c)
		for _, t := range p.Targets(c) {
			r := t.ret
			if r&LoaderOwn != 0 && t.cls != m.cls {
				r = r&^LoaderOwn | LoaderOtherClass // the callee's own loader is another class's to the caller
			}
			l |= r
			for j := 0; j < len(args) && j < 16; j++ {
				if t.retParams&(1<<j) != 0 {
					al, ap := p.resolve(m, args[j], depth+1)
					l, params = l|al, params|ap
				}
			}
		}
	}
	return l, params
}

func (p *Program) solveLoaders(all []*Method) {
	var live []*Method
	for _, m := range all {
		if !m.Returns.empty() || len(p.FieldStores(m)) > 0 {
			live = append(live, m)
		}
	}
	for round := 0; round < 32; round++ {
		changed := false
		for _, m := range live {
			if !m.Returns.empty() {
				l, ps := p.resolve(m, m.Returns, 0)
				if l|m.ret != m.ret || ps|m.retParams != m.retParams {
					m.ret, m.retParams, changed = m.ret|l, m.retParams|ps, true
				}
			}
			for _, fs := range p.FieldStores(m) {
				l, _ := p.resolve(m, fs.Src, 0)
				if old := p.fields[fs.Field]; old|l != old {
					p.fields[fs.Field], changed = old|l, true
				}
			}
		}
		if !changed {
			return
		}
	}
}

// solveNames: which methods resolve a class or resource by name through an implicit loader, and
// which parameters carry that name; a worklist over callers handles recursion.
func (p *Program) solveNames(all []*Method) {
	var work []*Method
	for _, m := range all {
		if len(p.NameSinks(m)) > 0 && p.contextLookup(m, 0) {
			continue // a cascade: it asks the context loader first, the implicit loader is its fallback
		}
		for i, s := range p.NameSinks(m) {
			if !m.resolves {
				m.resolves, m.via = true, via{sink: int32(i), call: -1, callee: -1}
			}
			m.nameParams |= m.paramBits(s.Src.Params)
		}
		if m.resolves {
			work = append(work, m)
		}
	}
	for len(work) > 0 {
		t := work[len(work)-1]
		work = work[:len(work)-1]
		for _, e := range p.callers(t) {
			m := p.method(e.m)
			c := &p.Calls(m)[e.call]
			if p.strategyWithContext(c, t) {
				continue // one of the call's implementations looks the name up through the context loader
			}
			if p.contextCascade(m, e.call, p.nameArg(m, c, t)) {
				continue // the caller asks the context loader first: the implicit loader is its fallback
			}
			changed := false
			if !m.resolves {
				m.resolves, m.via, changed = true, via{sink: -1, call: e.call, callee: t.id}, true
			}
			args := p.Args(m, c)
			for j := 0; j < len(args) && j < 16; j++ {
				if t.nameParams&(1<<j) != 0 {
					if b := m.paramBits(args[j].Params); b|m.nameParams != m.nameParams {
						m.nameParams, changed = m.nameParams|b, true
						if m.via.sink >= 0 || m.via.callee >= 0 && p.method(m.via.callee).nameParams == 0 {
							m.via = via{sink: -1, call: e.call, callee: t.id}
						}
					}
				}
			}
			if changed {
				work = append(work, m)
			}
		}
	}
}

// strategyWithContext reports a virtual call with several scanned implementations of which t is
// one, and another looks names up through the thread context loader: a pluggable resolver (a
// cascade of class-load helpers, a strategy chosen at run time) whose context-loader variant is
// what a multi-app setup configures. The implicit-loader variant is not a path to report.
func (p *Program) strategyWithContext(c *Call, t *Method) bool {
	targets := p.Targets(c)
	if len(targets) < 2 {
		return false
	}
	for _, o := range targets {
		if o != t && !o.resolves && p.contextLookup(o, 2) {
			return true
		}
	}
	return false
}

// contextCascade reports whether m, at a call other than number skip, hands the thread context
// loader to a scanned method that uses that parameter for a lookup, together with the same
// parameter name of m that it also resolves through an implicit loader (jackson's
// TypeFactory.findClass: classForName(name, true, contextLoader), then classForName(name)): the
// implicit lookup of that name is the fallback of a cascade that asks the context loader first.
func (p *Program) contextCascade(m *Method, skip int32, name Src) bool {
	if name.Params == 0 {
		return false
	}
	calls := p.Calls(m)
	for ci := range calls {
		if int32(ci) == skip {
			continue
		}
		c := &calls[ci]
		args := p.Args(m, c)
		sameName := false
		for _, a := range args {
			if a.Params == name.Params {
				sameName = true
			}
		}
		if !sameName {
			continue
		}
		for _, t := range p.Targets(c) {
			for j := 0; j < len(args) && j < 16; j++ {
				if t.loaderUse&(1<<j) == 0 {
					continue
				}
				if l, _ := p.Resolve(m, args[j]); l&LoaderTCCL != 0 {
					return true
				}
			}
		}
	}
	return false
}

// nameArg returns the argument of call c in m that t resolves as a name (its first name
// parameter), or a zero Src.
func (p *Program) nameArg(m *Method, c *Call, t *Method) Src {
	args := p.Args(m, c)
	for j := 0; j < len(args) && j < 16; j++ {
		if t.nameParams&(1<<j) != 0 {
			return args[j]
		}
	}
	return Src{}
}

// FallbackOnly reports whether the implicit-loader lookup in the named method is the fallback of
// a cascade that asks the thread context loader first: the method itself looks classes up
// through the context loader (Tomcat's AuthenticatorBase.createCallbackHandler), or it is not
// public and every scanned call of it, and there is one, comes from a cascade (contextCascade).
// A method the scan cannot find is not.
func (p *Program) FallbackOnly(class, method string, argc int) bool {
	p.Solve()
	c := p.Class(class)
	if c == nil {
		return false
	}
	ms := c.Methods()
	for i := range ms {
		t := &ms[i]
		if p.Str(t.Name) != method || int(t.Argc) != argc || t.id < 0 {
			continue
		}
		if p.contextLookup(t, 0) {
			return true
		}
		edges := p.callers(t)
		if t.Public || len(edges) == 0 {
			return false
		}
		for _, e := range edges {
			m := p.method(e.m)
			if !p.contextCascade(m, e.call, p.nameArg(m, &p.Calls(m)[e.call], t)) {
				return false
			}
		}
		return true
	}
	return false
}

// contextLookup reports whether m looks a class or resource up through the thread context loader,
// itself or through a method of its own class it calls (an overload that delegates), depth levels
// deep.
func (p *Program) contextLookup(m *Method, depth int) bool {
	for _, s := range p.LoaderSinks(m) {
		if s.Kind != SinkLookup {
			continue
		}
		if l, _ := p.Resolve(m, s.Src); l&LoaderTCCL != 0 {
			return true
		}
	}
	if depth == 0 {
		return false
	}
	calls := p.Calls(m)
	for ci := range calls {
		for _, u := range p.Targets(&calls[ci]) {
			if u != m && u.cls == m.cls && p.contextLookup(u, depth-1) {
				return true
			}
		}
	}
	return false
}

// paramBits keeps the parameter bits that are real parameters: a lambda body's own parameters
// (after the captured values) are not its creator's.
func (m *Method) paramBits(b uint16) uint16 {
	if m.lambdaOf >= 0 {
		return b & (1<<uint(m.captured) - 1)
	}
	return b
}

// solveLoaderUse: which ClassLoader parameters a method uses (directly or through callees) for a
// class or resource lookup.
func (p *Program) solveLoaderUse(all []*Method) {
	var work []*Method
	for _, m := range all {
		for i, s := range p.LoaderSinks(m) {
			if s.Kind != SinkLookup && s.Kind != SinkProxy {
				continue
			}
			for j := 0; j < 16; j++ {
				if m.paramBits(s.Src.Params)&(1<<j) != 0 && m.loaderUse&(1<<j) == 0 {
					m.loaderUse |= 1 << j
					p.setLoaderVia(m, j, via{sink: int32(i), call: -1, callee: -1})
				}
			}
		}
		if m.loaderUse != 0 {
			work = append(work, m)
		}
	}
	for len(work) > 0 {
		t := work[len(work)-1]
		work = work[:len(work)-1]
		for _, e := range p.callers(t) {
			m := p.method(e.m)
			c := &p.Calls(m)[e.call]
			args := p.Args(m, c)
			changed := false
			for j := 0; j < len(args) && j < 16; j++ {
				if t.loaderUse&(1<<j) == 0 {
					continue
				}
				b := m.paramBits(args[j].Params)
				for k := 0; k < 16; k++ {
					if b&(1<<k) != 0 && m.loaderUse&(1<<k) == 0 {
						m.loaderUse |= 1 << k
						p.setLoaderVia(m, k, via{sink: -1, call: e.call, callee: t.id})
						changed = true
					}
				}
			}
			if changed {
				work = append(work, m)
			}
		}
	}
}

// solveEffects propagates effects from callees to callers.
func (p *Program) solveEffects(all []*Method) {
	var work []*Method
	for _, m := range all {
		m.effects = m.Effects
		calls := p.Calls(m)
		for ci := range calls {
			c := &calls[ci]
			if c.Kind == CallNew && p.DefaultDeserializer(p.class(c.Owner)) != nil {
				m.effects |= EffDefaultDeserial
			}
		}
		if m.effects != 0 {
			work = append(work, m)
		}
	}
	for len(work) > 0 {
		t := work[len(work)-1]
		work = work[:len(work)-1]
		for _, e := range p.callers(t) {
			if m := p.method(e.m); m.effects|t.effects != m.effects {
				m.effects |= t.effects
				work = append(work, m)
			}
		}
	}
}

// DefaultDeserializer returns, for a scanned subclass of java.io.ObjectInputStream that resolves
// classes the default way (no resolveClass override, or one that only calls super), the class
// where the search ended and the resolveClass that only delegates (nil when none is declared).
func (p *Program) DefaultDeserializer(c *Class) *Method {
	if c == nil {
		return nil
	}
	rc, ok := p.ids["resolveClass"]
	if !ok {
		rc = ^uint32(0) // no method of that name: only the inherited one
	}
	var delegating *Method
	for k, depth := c, 0; k != nil && depth < 32; k, depth = p.class(k.Super), depth+1 {
		ms := k.Methods()
		for i := range ms {
			m := &ms[i]
			if m.Name != rc {
				continue
			}
			if m.Argc == 1 && !m.OnlySuper {
				return nil
			}
			if m.Argc == 1 && delegating == nil {
				delegating = m
			}
		}
		if p.Str(k.Super) == "java.io.ObjectInputStream" {
			if delegating == nil {
				return &Method{cls: c.idx, Name: rc, Line: c.Line, id: -1, lambdaOf: -1, loaderVia: -1, via: noVia} // inherited as is
			}
			return delegating
		}
	}
	return nil
}

// Effects returns a method's direct and transitive effects.
func (m *Method) EffectsAll() Effect { return m.effects }

// ReturnsLoader returns which loader kinds the method may return, and which parameters.
func (m *Method) ReturnsLoader() (Loader, uint16) { return m.ret, m.retParams }

// NameParams returns the parameters whose values the method resolves as class or resource names
// through an implicit loader (directly or through callees).
func (m *Method) NameParams() uint16 { return m.nameParams }

// LoaderUse returns the parameters the method uses as a loader for lookups.
func (m *Method) LoaderUse() uint16 { return m.loaderUse }

// Callers returns the call sites that may run the method.
