package checks

import (
	"strings"

	"github.com/kompat/kompat/rules"
	"github.com/kompat/kompat/rules/ir"
)

func init() {
	rules.Register(&rules.Check{ID: "KP3023", Run: rlJarURLCaching})
}

// rlJarURLCaching: URL.openConnection/openStream on a jar: URL (a constant "jar:..." given to
// new URL or URI.create(...).toURL()), or an openConnection used as a JarURLConnection, in a
// method with no setUseCaches(false).
func rlJarURLCaching(p *rules.Pass) {
	for _, name := range []string{"openConnection", "openStream"} {
		for _, s := range p.Calls("java.net.URL", name) {
			m, op := s.Method, s.Op
			jarConst := rlJarConstURL(m, op.Recv, op.Index)
			asJar := name == "openConnection" && rlUsedAsJarConnection(m, op)
			if !jarConst && !asJar {
				continue
			}
			if name == "openStream" {
				p.ReportOp(m, op, "URL.openStream on a jar: URL reads through the JDK's JVM-wide cache of open JarFiles, which keeps the jar open (and locked on Windows) after the module is uninstalled; use openConnection() with setUseCaches(false)")
				continue
			}
			if rlDisablesCaches(m) {
				continue
			}
			what := "a jar: URL"
			if !jarConst {
				what = "a URL used as a JarURLConnection"
			}
			p.ReportOp(m, op, "URL.openConnection on %s without setUseCaches(false): the JDK caches the opened JarFile JVM-wide, which keeps the jar open (and locked on Windows) after the module is uninstalled", what)
		}
	}
}

// rlJarConstURL reports whether a URL value was made from a "jar:" string constant.
func rlJarConstURL(m *ir.Method, v ir.Value, before int) bool {
	src, _ := m.Origin(v, before)
	if src == nil {
		return false
	}
	switch {
	case src.Kind == ir.OpNew && src.Owner == "java.net.URL":
		return rlHasJarConst(src.Args)
	case src.Kind == ir.OpCall && src.Name == "toURL":
		if u, _ := m.Origin(src.Recv, src.Index); u != nil && (u.Kind == ir.OpNew || u.Name == "create") {
			return rlHasJarConst(u.Args)
		}
	}
	return false
}

func rlHasJarConst(args []ir.Value) bool {
	for _, a := range args {
		if a.Kind == ir.ValConst && strings.HasPrefix(strings.ToLower(a.Const), "jar:") {
			return true
		}
	}
	return false
}

// rlUsedAsJarConnection reports whether the connection op opened is kept in a JarURLConnection
// local or used as one.
func rlUsedAsJarConnection(m *ir.Method, op *ir.Op) bool {
	if op.Store.Kind == ir.ValLocal && op.Store.Type == "java.net.JarURLConnection" {
		return true
	}
	for _, o := range m.Ops[op.Index+1:] {
		if o.Kind == ir.OpCall && o.Owner == "java.net.JarURLConnection" &&
			(rlIsResultOf(o.Recv, op) || op.Store.Kind == ir.ValLocal && rlIsLocal(o.Recv, op.Store.Name)) {
			return true
		}
	}
	return false
}

func rlIsResultOf(v ir.Value, op *ir.Op) bool { return rlIsResult(v, op.Index) }

// rlDisablesCaches reports whether the method calls setUseCaches(false) (or
// setDefaultUseCaches(false)) on any connection.
func rlDisablesCaches(m *ir.Method) bool {
	for _, o := range m.Ops {
		if o.Kind != ir.OpCall || (o.Name != "setUseCaches" && o.Name != "setDefaultUseCaches") || len(o.Args) == 0 {
			continue
		}
		last := o.Args[len(o.Args)-1]
		if last.Kind == ir.ValConst && (last.Const == "false" || last.Const == "0") {
			return true
		}
	}
	return false
}
