package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kompat/kompat/reports"
	"github.com/kompat/kompat/rules/ir"
	"github.com/kompat/kompat/rules/program"
)

// CallPattern matches a call site or, with Name "<init>", an object creation.
type CallPattern struct {
	Owner string `yaml:"owner"` // declaring type FQN
	Name  string `yaml:"name"`  // method name, "<init>" for constructors
	Argc  *int   `yaml:"argc"`  // exact argument count, when the overload matters
	// ArgIs constrains an argument: {index: kind} with kinds null, const, classlit.
	ArgIs map[int]string `yaml:"argIs"`
}

func (c CallPattern) key() string { return c.Owner + "#" + c.Name }

func (c CallPattern) matches(op *ir.Op) bool {
	if c.Argc != nil && op.Argc >= 0 && op.Argc != *c.Argc {
		return false
	}
	for i, kind := range c.ArgIs {
		if i >= len(op.Args) {
			return false
		}
		var want ir.ValueKind
		switch kind {
		case "null":
			want = ir.ValNull
		case "const":
			want = ir.ValConst
		case "classlit":
			want = ir.ValClassLit
		}
		if op.Args[i].Kind != want {
			return false
		}
	}
	return true
}

// Unless suppresses a declarative match when the release partner exists in the class or code base.
type Unless struct {
	Scope string        `yaml:"scope"` // "class" or "project"
	Calls []CallPattern `yaml:"calls"`
}

// Match is a declarative rule: any listed call or creation, minus exclusions, unless paired.
type Match struct {
	Calls   []CallPattern `yaml:"calls"`
	Extends []string      `yaml:"extends"` // classes that extend or implement one of these types
	// ExcludeMethods lists method names in which a match does not count (e.g. main).
	ExcludeMethods []string `yaml:"excludeMethods"`
	// ExcludeOnSide limits ExcludeMethods to one side ("base" or "module"); empty means both.
	// A module's main() runs inside the base at install time, so "exclude main" is for the base.
	ExcludeOnSide string `yaml:"excludeOnSide"`
	// Within restricts matches: "" anywhere, "static-init" only in <clinit> and static initializers.
	Within string  `yaml:"within"`
	Unless *Unless `yaml:"unless"`
	// ExceptNullLoaderFallback: a system-loader call that is the fallback for a null loader does
	// not count (`cl != null ? cl.getResource(n) : ClassLoader.getSystemResource(n)`, `if (cl ==
	// null) cl = ClassLoader.getSystemClassLoader()`): the method also makes the same lookup on a
	// ClassLoader value, or takes a loader from elsewhere first.
	ExceptNullLoaderFallback bool `yaml:"exceptNullLoaderFallback"`
	// ExceptKnownName: a lookup whose first argument is a constant naming a JDK class (java.,
	// javax., jdk., sun., com.sun., or an array of one) or a class of the caller's own
	// organization (the first two segments of its package) does not count: every app gets the
	// same class, through whichever loader. Nor does a constant naming a class the scanned code
	// calls, instantiates or extends (judged by the whole program): the code links against it
	// through its own loader, so that loader is the one a presence probe must ask. Nor does the
	// fallback of a cascade that asks the thread context loader first, in the method itself or in
	// every scanned caller of a non-public helper (judged by the whole program).
	ExceptKnownName bool `yaml:"exceptKnownName"`
}

func (m *Match) validate() []string {
	var errs []string
	if len(m.Calls) == 0 && len(m.Extends) == 0 {
		errs = append(errs, "match needs calls or extends")
	}
	for _, c := range append(append([]CallPattern{}, m.Calls...), unlessCalls(m.Unless)...) {
		if c.Owner == "" || c.Name == "" || strings.Contains(c.Owner, "/") {
			errs = append(errs, fmt.Sprintf("call pattern %q needs a dotted owner and a name", c.key()))
		}
		for _, k := range c.ArgIs {
			if k != "null" && k != "const" && k != "classlit" {
				errs = append(errs, fmt.Sprintf("call pattern %s: argIs kind %q (want null, const, classlit)", c.key(), k))
			}
		}
	}
	if m.ExcludeOnSide != "" && m.ExcludeOnSide != "base" && m.ExcludeOnSide != "module" {
		errs = append(errs, fmt.Sprintf("unknown excludeOnSide %q", m.ExcludeOnSide))
	}
	switch m.Within {
	case "", "static-init":
	default:
		errs = append(errs, fmt.Sprintf("unknown within %q", m.Within))
	}
	if m.Unless != nil && m.Unless.Scope != "class" && m.Unless.Scope != "project" {
		errs = append(errs, fmt.Sprintf("unless.scope %q (want class or project)", m.Unless.Scope))
	}
	return errs
}

func unlessCalls(u *Unless) []CallPattern {
	if u == nil {
		return nil
	}
	return u.Calls
}

// runMatch is the Check of every declarative rule.
func runMatch(p *Pass) {
	m := p.Meta.Match
	for _, pat := range m.Calls {
		for _, s := range p.Calls(pat.Owner, pat.Name) {
			// a super(...) call in a subclass constructor is not a creation of the type
			if pat.Name == "<init>" && s.Op.Kind != ir.OpNew {
				continue
			}
			if !pat.matches(s.Op) || excluded(m, s.Method, p.Side) {
				continue
			}
			if m.Within == "static-init" && s.Method.Name != "<clinit>" {
				continue
			}
			if m.ExceptNullLoaderFallback && nullLoaderFallback(s.Method, s.Op) {
				continue
			}
			if m.ExceptKnownName && knownName(s.Method, s.Op) {
				continue
			}
			probe := ""
			if m.ExceptKnownName && len(s.Op.Args) > 0 && s.Op.Args[0].Kind == ir.ValConst {
				probe = s.Op.Args[0].Const
			}
			if delegatingWrapper(s.Method, s.Op) {
				continue // the wrapper's callers make the call; the wrapper only forwards it
			}
			msg := expand(p.Meta.MessageFor(p.Side), s.Method, s.Op, nil)
			if m.Unless == nil {
				p.ReportOp(s.Method, s.Op, "%s", msg)
				switch {
				case probe != "":
					// a constant name of a class the code base itself links against: the own
					// loader is the one that must find it (a presence probe for an optional
					// dependency)
					p.JudgeLast(func(prog *program.Program, _ *reports.Finding) bool { return !prog.Links(probe) })
				case m.ExceptKnownName:
					// the fallback after asking the context loader, in the method or in every
					// scanned caller of a helper (program.FallbackOnly)
					class, name, argc := s.Method.Class.Name, s.Method.Name, len(s.Method.Params)
					p.JudgeLast(func(prog *program.Program, _ *reports.Finding) bool { return !prog.FallbackOnly(class, name, argc) })
				}
				continue
			}
			if m.Unless.Scope == "class" {
				if !p.classCalls(s.Method.Class, m.Unless.Calls) {
					p.ReportOp(s.Method, s.Op, "%s", msg)
				}
				continue
			}
			p.DeferOp(s.Method, s.Op, factKeys(m.Unless.Calls), "%s", msg)
		}
	}
	for _, super := range m.Extends {
		for _, c := range p.File.Classes {
			if c.Super == super || slices.Contains(c.Interfaces, super) {
				p.ReportClass(c, "%s", expand(p.Meta.MessageFor(p.Side), nil, nil, c))
			}
		}
	}
}

func excluded(m *Match, meth *ir.Method, side Side) bool {
	if m.ExcludeOnSide != "" && m.ExcludeOnSide != side.String() {
		return false
	}
	for _, name := range m.ExcludeMethods {
		if meth.Name == name && (name != "main" || meth.Mods.Has(ir.Static)) {
			return true
		}
	}
	return false
}

// classCalls reports whether any method of the class (or of its nested classes in the file)
// makes one of the calls.
func (p *Pass) classCalls(c *ir.Class, pats []CallPattern) bool {
	for _, pat := range pats {
		for _, s := range p.Calls(pat.Owner, pat.Name) {
			if s.Method.Class == c || strings.HasPrefix(s.Method.Class.Name, c.Name+"$") {
				return true
			}
		}
	}
	return false
}

func factKeys(pats []CallPattern) []string {
	var out []string
	for _, p := range pats {
		out = append(out, "call:"+p.key())
	}
	return out
}

// expand fills a message template.
func expand(tmpl string, m *ir.Method, op *ir.Op, c *ir.Class) string {
	r := []string{}
	if op != nil {
		r = append(r, "{call}", ir.SimpleName(op.Owner)+"."+op.Name, "{type}", op.Owner)
	}
	if m != nil {
		r = append(r, "{method}", ir.SimpleName(m.Class.Name)+"."+m.Name, "{class}", m.Class.Name)
	}
	if c != nil {
		r = append(r, "{class}", c.Name)
	}
	return strings.NewReplacer(r...).Replace(tmpl)
}

// systemCounterparts maps a ClassLoader static lookup to the instance lookup it stands in for.
var systemCounterparts = map[string]string{
	"getSystemResource": "getResource", "getSystemResources": "getResources", "getSystemResourceAsStream": "getResourceAsStream",
}

// nullLoaderFallback reports whether a system-loader call in m is the fallback for a null loader:
// for getSystemResource(s)/AsStream, m also makes the instance lookup on a ClassLoader; for
// getSystemClassLoader, m also takes a loader from the thread, a class or a parameter, or returns
// another loader on another path.
func nullLoaderFallback(m *ir.Method, op *ir.Op) bool {
	if inst, ok := systemCounterparts[op.Name]; ok {
		for _, o := range m.Ops {
			if o.Kind == ir.OpCall && o.Name == inst && !o.Static && strings.HasSuffix(o.Owner, "ClassLoader") {
				return true
			}
		}
		return false
	}
	if op.Name != "getSystemClassLoader" {
		return false
	}
	for _, o := range m.Ops {
		if o.Kind == ir.OpCall && (o.Name == "getContextClassLoader" || o.Name == "getClassLoader") {
			return true
		}
	}
	for _, p := range m.Params {
		if p.Type.Is("java.lang.ClassLoader") {
			return true
		}
	}
	others := 0
	for _, r := range m.Returns {
		if r.Kind == ir.ValResult && r.Op == op.Index {
			continue
		}
		if r.Kind != ir.ValNull {
			others++
		}
	}
	return others > 0 && m.Return.Is("java.lang.ClassLoader")
}

// delegatingWrapper reports whether m is a wrapper that forwards its own call to a delegate: an
// instance method with the call's name whose parameters are passed through unchanged
// (`setDefaultUseCaches(boolean b) { connection.setDefaultUseCaches(b); }`).
func delegatingWrapper(m *ir.Method, op *ir.Op) bool {
	if op.Static || op.Kind != ir.OpCall || m.Name != op.Name || len(m.Params) == 0 || len(op.Args) != len(m.Params) {
		return false
	}
	if m.Mods.Has(ir.Static) || op.Recv.Kind == ir.ValThis {
		return false
	}
	for i, a := range op.Args {
		if a.Kind != ir.ValParam || a.Index != i {
			return false
		}
	}
	return true
}

// knownName reports whether the op's first argument is a class name every app resolves alike: a
// constant naming a JDK class or one of the caller's own organization, or a class literal's name.
func knownName(m *ir.Method, op *ir.Op) bool {
	if len(op.Args) == 0 {
		return false
	}
	if src, _ := m.Origin(op.Args[0], op.Index); src != nil && src.Kind == ir.OpCall && src.Name == "getName" && src.Recv.Kind == ir.ValClassLit {
		return true // Foo.class.getName(): the loader that resolved the literal finds the same class
	}
	if op.Args[0].Kind != ir.ValConst {
		return false
	}
	name := strings.TrimLeft(op.Args[0].Const, "[")
	name = strings.TrimPrefix(name, "L")
	for _, p := range []string{"java.", "javax.", "jdk.", "sun.", "com.sun."} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	org := func(fqn string) string {
		parts := strings.SplitN(fqn, ".", 3)
		if len(parts) < 3 {
			return ""
		}
		return parts[0] + "." + parts[1] + "."
	}
	own := org(m.Class.Name)
	return own != "" && strings.HasPrefix(name, own)
}
