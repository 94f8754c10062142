package checks

import (
	"github.com/kompat/kompat/rules"
	"github.com/kompat/kompat/rules/ir"
	"github.com/kompat/kompat/rules/program"
)

func init() {
	rules.Register(&rules.Check{ID: "KP2010", Run: proxyInCallerLoader, Program: proxyLoaderAcrossMethods})
}

// proxyLoaderAcrossMethods: the loader reaches newProxyInstance through a helper, a field or a
// parameter reassigned when null (`if (cl == null) cl = getClass().getClassLoader()`). A loader
// that may be the context loader or an interface's loader stays silent.
func proxyLoaderAcrossMethods(pp *rules.ProgramPass) {
	for _, s := range pp.Program.LoaderSites() {
		bad := s.Loader & (program.LoaderOwn | program.LoaderOtherClass | program.LoaderSystem)
		if s.Kind != program.SinkProxy || !s.Via || bad == 0 || s.Loader&program.LoaderTCCL != 0 {
			continue
		}
		pp.Report(s, "%s: proxy defined in %s, which cannot see the module's interfaces; use the proxied interface's loader", s.Path(), bad.String())
	}
}

// proxyInCallerLoader: Proxy.newProxyInstance whose loader is this class's own loader
// (getClass().getClassLoader(), or X.class.getClassLoader() for the enclosing class) or the
// system/platform loader.
func proxyInCallerLoader(p *rules.Pass) {
	for _, s := range p.Calls("java.lang.reflect.Proxy", "newProxyInstance") {
		if len(s.Op.Args) == 0 {
			continue
		}
		src, _ := s.Method.Origin(s.Op.Args[0], s.Op.Index)
		if src == nil {
			continue
		}
		switch {
		case src.Is("java.lang.ClassLoader", "getSystemClassLoader"), src.Is("java.lang.ClassLoader", "getPlatformClassLoader"):
			p.ReportOp(s.Method, s.Op, "proxy defined in the %s loader, which cannot see module interfaces", src.Name[3:len(src.Name)-11])
		case src.Is("java.lang.Class", "getClassLoader"):
			if ownClass(s.Method, src) {
				p.ReportOp(s.Method, s.Op, "proxy defined in %s's own ClassLoader; use the proxied interface's loader", ir.SimpleName(s.Method.Class.Name))
			}
		}
	}
}

// ownClass reports whether a getClassLoader() call is on this.getClass() or on the enclosing
// class's literal.
func ownClass(m *ir.Method, getCL *ir.Op) bool {
	if getCL.Recv.Kind == ir.ValClassLit {
		return getCL.Recv.Type == m.Class.Name || getCL.Recv.Type == m.Class.Outer
	}
	if src, _ := m.Origin(getCL.Recv, getCL.Index); src != nil && src.Name == "getClass" {
		return src.Recv.Kind == ir.ValThis || src.Recv.Kind == ir.ValUnknown
	}
	return false
}
