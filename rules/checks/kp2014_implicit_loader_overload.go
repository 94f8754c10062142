package checks

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"

	"github.com/kompat/kompat/reports"
	"github.com/kompat/kompat/rules"
	"github.com/kompat/kompat/rules/ir"
	"github.com/kompat/kompat/rules/program"
)

//go:generate go run ../../internal/loaderoverloads -o kp2014_jdk_loader_overloads.txt

// ioJDK is the table derived from the JDK's class files: the methods and constructors that have
// an overload taking an explicit ClassLoader.
//
//go:embed kp2014_jdk_loader_overloads.txt
var ioJDK string

func init() {
	rules.Register(&rules.Check{ID: "KP2014", Run: implicitLoaderOverload, Program: implicitLoaderOverloadScanned})
}

type ioKey struct {
	owner, name string
	argc        int
}

// ioTable: per owner/name/argc, the loaderless descriptors (with their loader-taking
// alternative) and the loader-taking descriptors of the same arity.
type ioTable struct {
	without map[ioKey]map[string]string // descriptor -> alternative descriptor
	with    map[ioKey][]string
	skip    map[ioKey]bool // calls another rule's match block reports (argc -1: any)
}

var (
	ioOnce sync.Once
	ioTab  ioTable
)

func ioLoad() *ioTable {
	ioOnce.Do(func() {
		ioTab = ioTable{without: map[ioKey]map[string]string{}, with: map[ioKey][]string{}, skip: map[ioKey]bool{}}
		for _, line := range strings.Split(ioJDK, "\n") {
			f := strings.Fields(line)
			if len(f) < 4 || line[0] == '#' {
				continue
			}
			k := ioKey{f[1], f[2], len(ioParams(f[3]))}
			switch {
			case f[0] == "-" && len(f) == 5:
				if ioTab.without[k] == nil {
					ioTab.without[k] = map[string]string{}
				}
				ioTab.without[k][f[3]] = f[4]
			case f[0] == "+":
				ioTab.with[k] = append(ioTab.with[k], f[3])
			}
		}
		// one finding per problem: a call that another rule already reports by name is its
		all, _ := rules.Load()
		for _, m := range all {
			if m.ID == "KP2014" || m.Match == nil || m.Family != "classloader" && m.Family != "resources" {
				continue
			}
			for _, c := range m.Match.Calls {
				argc := -1
				if c.Argc != nil {
					argc = *c.Argc
				}
				ioTab.skip[ioKey{c.Owner, c.Name, argc}] = true
			}
		}
	})
	return &ioTab
}

// implicitLoaderOverload: a call to a JDK method or constructor that has an overload taking an
// explicit ClassLoader, made without it (the overload picks the caller's, the context or the
// system loader itself). Kept in static state (a static field, or a static initializer's value)
// the first app's loader serves every app: the rule's severity; otherwise one level lower.
func implicitLoaderOverload(p *rules.Pass) {
	t := ioLoad()
	for _, c := range p.File.Classes {
		for _, m := range c.Methods {
			for _, op := range m.Ops {
				if op.Kind != ir.OpCall && op.Kind != ir.OpNew || op.Argc < 0 {
					continue
				}
				k := ioKey{op.Owner, op.Name, op.Argc}
				cands := t.without[k]
				if cands == nil || t.skip[k] || t.skip[ioKey{op.Owner, op.Name, -1}] {
					continue
				}
				if op.Kind == ir.OpCall && op.Name == "<init>" && op.Recv.Kind != ir.ValThis {
					continue
				}
				desc, alt := ioPick(op, cands, t.with[k])
				if desc == "" {
					continue // another overload of the same arity takes a loader, and the arguments do not say which
				}
				what := ioDisplay(op.Owner, op.Name, desc)
				field := ioKeptStatic(m, op)
				msg := "%s picks a ClassLoader implicitly (the caller's, the context or the system loader); %s takes it explicitly"
				if field != "" {
					p.ReportOp(m, op, msg+", and the result is kept in static %s, so the first app's loader serves every app", what, ioDisplay(op.Owner, op.Name, alt), field)
					continue
				}
				p.ReportOpAtMost(ioLower(p.Meta.SeverityFor(p.Side)), m, op, msg, what, ioDisplay(op.Owner, op.Name, alt))
			}
		}
	}
}

func ioLower(s reports.Severity) reports.Severity {
	if s > reports.SeverityInfo {
		return s - 1
	}
	return s
}

// ioPick chooses the overload a call runs: exactly by descriptor (bytecode), else by arity when
// no overload of that arity takes a loader, else by the arguments' known types.
func ioPick(op *ir.Op, without map[string]string, with []string) (string, string) {
	if op.Desc != "" {
		if alt, ok := without[op.Desc]; ok {
			return op.Desc, alt
		}
		return "", ""
	}
	var fit []string
	for d := range without {
		if ioFits(op, d) {
			fit = append(fit, d)
		}
	}
	for _, d := range with {
		if ioFits(op, d) {
			return "", ""
		}
	}
	if len(fit) != 1 {
		return "", ""
	}
	return fit[0], without[fit[0]]
}

// ioFits: no argument's known type contradicts a parameter's (only exact reference types and the
// ClassLoader parameter are compared; unknown types fit).
func ioFits(op *ir.Op, desc string) bool {
	ps := ioParams(desc)
	for i, a := range op.Args {
		if i >= len(ps) {
			return false
		}
		pt := ioTypeName(ps[i])
		at := a.Type
		if a.Kind == ir.ValNull || at == "" {
			continue
		}
		if a.Kind == ir.ValClassLit {
			at = "java.lang.Class"
		}
		if pt == "java.lang.ClassLoader" || at == "java.lang.ClassLoader" {
			if pt != at && !strings.HasSuffix(at, "ClassLoader") {
				return false
			}
			continue
		}
		if !strings.Contains(pt, ".") || !strings.HasPrefix(at, "java.") {
			continue // primitives, arrays and library types: not compared
		}
		if at == "java.lang.String" && pt != "java.lang.String" && pt != "java.lang.Object" && pt != "java.lang.CharSequence" {
			return false
		}
	}
	return true
}

// ioKeptStatic names the static field the call's result is stored in, or "".
func ioKeptStatic(m *ir.Method, op *ir.Op) string {
	if op.Store.Kind == ir.ValField && op.Store.Static {
		return ir.SimpleName(op.Store.Owner) + "." + op.Store.Name
	}
	for _, o := range m.Ops[op.Index+1:] {
		if o.Kind != ir.OpPutStatic {
			continue
		}
		if src, _ := m.Origin(o.Val, o.Index); src == op {
			return ir.SimpleName(o.Owner) + "." + o.Name
		}
	}
	return ""
}

// ioParams splits a method descriptor's parameter types.
func ioParams(desc string) []string {
	var out []string
	end := strings.IndexByte(desc, ')')
	if !strings.HasPrefix(desc, "(") || end < 0 {
		return nil
	}
	s := desc[1:end]
	for len(s) > 0 {
		i := 0
		for i < len(s) && s[i] == '[' {
			i++
		}
		if i < len(s) && s[i] == 'L' {
			j := strings.IndexByte(s[i:], ';')
			if j < 0 {
				return out
			}
			i += j
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
	return out
}

// ioTypeName renders a descriptor type as a Java name.
func ioTypeName(d string) string {
	dims := 0
	for dims < len(d) && d[dims] == '[' {
		dims++
	}
	base := d[dims:]
	name := map[byte]string{'Z': "boolean", 'B': "byte", 'C': "char", 'S': "short", 'I': "int", 'J': "long", 'F': "float", 'D': "double"}[base[0]]
	if base[0] == 'L' {
		name = strings.ReplaceAll(strings.TrimSuffix(base[1:], ";"), "/", ".")
	}
	return name + strings.Repeat("[]", dims)
}

// ioDisplay renders Simple.name(ParamSimple, ...), new Simple(...) for a constructor.
func ioDisplay(owner, name, desc string) string {
	var ps []string
	for _, p := range ioParams(desc) {
		ps = append(ps, ir.SimpleName(ioTypeName(p)))
	}
	head := ir.SimpleName(owner) + "." + name
	if name == "<init>" {
		head = "new " + ir.SimpleName(owner)
	}
	return head + "(" + strings.Join(ps, ", ") + ")"
}

// implicitLoaderOverloadScanned: the same for the scanned classes' own APIs: a call to a scanned
// method that has an overload of the same name with more parameters, one a ClassLoader, made
// from another class. A loaderless overload that hands the loader-taking one the context loader
// (the calling app's while its code runs), a loader the caller chose (a parameter, or the loader
// of a class or object the caller passed) is silent. As for the JDK's APIs, the rule's severity
// is for a result kept in static state and one level lower otherwise; and where the loader it
// hands on is nothing the analysis can name (a null, whose meaning is the callee's) or it uses
// none the analysis sees, it is info.
func implicitLoaderOverloadScanned(pp *rules.ProgramPass) {
	prog := pp.Program
	prog.Solve()
	for _, f := range prog.Files() {
		for _, c := range f.Classes {
			if prog.Class(prog.Str(c.Name)) != c {
				continue
			}
			ms := c.Methods()
			for mi := range ms {
				m := &ms[mi]
				calls := prog.Calls(m)
				for ci := range calls {
					call := &calls[ci]
					ts := prog.Targets(call)
					if len(ts) == 0 {
						continue
					}
					t := ts[0]
					tc := prog.ClassOf(t)
					if t.LoaderParams != 0 || t.Synthetic || ioTop(prog.Str(tc.Name)) == ioTop(prog.Str(c.Name)) {
						continue
					}
					alt := ioLoaderOverload(tc, t)
					if alt == nil {
						continue
					}
					handed := ioHandedLoader(prog, t, 0)
					if handed == ioCallers {
						continue
					}
					s := program.Site{File: c.File, Method: m, Line: int(call.Line), Col: int(call.Col), Symbol: prog.Symbol(m),
						Chain: []string{prog.Display(m, nil), prog.Display(t, c)}}
					s.Rel = []program.Hop{{Path: tc.File.Path, Line: int(alt.Line), Symbol: prog.Symbol(alt)}}
					msg := fmt.Sprintf("%s: %s picks a ClassLoader implicitly; an overload of %s with %d parameters takes it explicitly",
						s.Path(), prog.Display(t, c), prog.Str(t.Name), alt.Argc)
					sev := pp.Meta.SeverityFor(rules.Side(c.File.Side))
					switch field := ioResultStatic(prog, m, int32(ci)); {
					case handed == ioUnknown:
						sev = reports.SeverityInfo
						msg += " (kompat cannot tell which loader it then uses, such as a null it hands on or one chosen out of its sight: check what it does)"
					case field != "":
						msg += ", and the result is kept in static " + field + ", so the first app's loader serves every app"
					default:
						sev = ioLower(sev)
					}
					pp.ReportAtMost(sev, s, "%s", msg)
				}
			}
		}
	}
}

func ioTop(name string) string {
	if i := strings.IndexByte(name, '$'); i >= 0 {
		return name[:i]
	}
	return name
}

// ioLoaderOverload returns an overload of t in its class with more parameters, one of them a
// ClassLoader, of the same static-ness.
func ioLoaderOverload(c *program.Class, t *program.Method) *program.Method {
	ms := c.Methods()
	for i := range ms {
		o := &ms[i]
		if o != t && o.Name == t.Name && o.Static == t.Static && o.Argc > t.Argc && o.LoaderParams != 0 {
			return o
		}
	}
	return nil
}

// What a loaderless overload hands to the loader-taking one.
const (
	ioImplicit = iota // a loader it picks itself: its own class's, another class's, the system's
	ioCallers         // the context loader, one of its parameters or an argument's class's loader
	ioUnknown         // nothing the analysis can name (a null, a value it cannot trace)
)

// ioHandedLoader says which loader t passes when it calls a loader-taking overload of its own
// (directly or through loaderless overloads of the same name, a few levels deep). A call that
// hands on the caller's loader on any path counts as the caller's choice. An overload that does
// not delegate picks a loader implicitly only if it is seen to use one of its own choosing.
func ioHandedLoader(p *program.Program, t *program.Method, depth int) int {
	out, delegates := ioUnknown, false
	cls := p.ClassOf(t)
	calls := p.Calls(t)
	for ci := range calls {
		c := &calls[ci]
		for _, u := range p.Targets(c) {
			if u == t || u.Name != t.Name || p.ClassOf(u) != cls {
				continue
			}
			if u.LoaderParams == 0 {
				if depth < 4 {
					delegates = true
					switch ioHandedLoader(p, u, depth+1) {
					case ioCallers:
						return ioCallers
					case ioImplicit:
						out = ioImplicit
					}
				}
				continue
			}
			delegates = true
			args := p.Args(t, c)
			for j := 0; j < int(u.Argc) && j < 16; j++ {
				if u.LoaderParams&(1<<j) == 0 || j >= len(args) {
					continue // not a loader, or no source kept for the argument: unknown
				}
				l, params := p.Resolve(t, args[j])
				switch {
				case l&ioCallersLoaders != 0 || params != 0:
					return ioCallers
				case l != 0:
					out = ioImplicit
				}
			}
		}
	}
	if delegates {
		return out
	}
	return ioOwnChoice(p, t)
}

// The loaders that are the caller's choice: the context loader while its code runs, or the loader
// of an object or class it passed.
const ioCallersLoaders = program.LoaderTCCL | program.LoaderArgClass | program.LoaderParamClass | program.LoaderPassed

// ioOwnChoice classifies the loaders a method that does not delegate uses itself: for lookups,
// returned or stored in fields.
func ioOwnChoice(p *program.Program, t *program.Method) int {
	l, _ := t.ReturnsLoader()
	for _, s := range p.LoaderSinks(t) {
		sl, _ := p.Resolve(t, s.Src)
		l |= sl
	}
	for _, fs := range p.FieldStores(t) {
		sl, _ := p.Resolve(t, fs.Src)
		l |= sl
	}
	switch {
	case l&(program.LoaderOwn|program.LoaderOtherClass|program.LoaderSystem) != 0:
		return ioImplicit
	case l != 0:
		return ioCallers
	}
	return ioUnknown
}

// ioResultStatic names the static field the result of m's call ci is stored in, or "".
func ioResultStatic(p *program.Program, m *program.Method, ci int32) string {
	for _, s := range p.LoaderSinks(m) {
		if s.Kind == program.SinkStatic && s.Src.Call == ci {
			return strings.TrimPrefix(p.Str(s.What), "static field ")
		}
	}
	return ""
}
