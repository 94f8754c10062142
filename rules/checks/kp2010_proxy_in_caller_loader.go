package checks

import (
	"strings"

	"github.com/kompat/kompat/rules"
	"github.com/kompat/kompat/rules/analysis"
	"github.com/kompat/kompat/rules/ir"
	"github.com/kompat/kompat/rules/program"
)

func init() {
	rules.Register(&rules.Check{ID: "KP2010", Run: proxyInCallerLoader, Program: proxyLoaderAcrossMethods})
}

// proxyLoaderAcrossMethods: the loader reaches newProxyInstance through a helper, a field or a
// parameter reassigned when null (`if (cl == null) cl = getClass().getClassLoader()`). A loader
// that may be the context loader, an interface's loader or one a caller set stays silent.
func proxyLoaderAcrossMethods(pp *rules.ProgramPass) {
	for _, s := range pp.Program.LoaderSites() {
		bad := s.Loader & (program.LoaderOwn | program.LoaderOtherClass | program.LoaderSystem)
		// the context loader, or a field a setter or constructor fills with the caller's loader
		// (its own-loader value is a default the container replaces), may be the app's: silent
		if s.Kind != program.SinkProxy || !s.Via || bad == 0 || s.Loader&(program.LoaderTCCL|program.LoaderPassed) != 0 {
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
		literal := literalInterfaces(s.Method, s.Op)
		switch {
		case src.Is("java.lang.ClassLoader", "getSystemClassLoader"), src.Is("java.lang.ClassLoader", "getPlatformClassLoader"):
			if literal && jdkLiterals(s.Method) {
				continue // JDK interfaces only (a java.sql.Connection spy): the system loader sees them
			}
			p.ReportOp(s.Method, s.Op, "proxy defined in the %s loader, which cannot see module interfaces", src.Name[3:len(src.Name)-11])
		case literal:
			continue // the code's own loader resolved the interfaces' literals, so it sees them
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

// literalInterfaces reports a newProxyInstance call whose interfaces array is built in place
// (`new Class<?>[] {Session.class}`) in a method that has no Class to put in it but class
// literals: no Class-typed parameter, no Class-typed field read, no call that yields a class. The
// code's own loader resolved those literals, so it sees every interface of the proxy.
func literalInterfaces(m *ir.Method, call *ir.Op) bool {
	if len(call.Args) < 2 {
		return false
	}
	if _, v := m.Origin(call.Args[1], call.Index); v.Kind != ir.ValUnknown {
		return false // a parameter, a field, a call's result: classes from elsewhere
	}
	for _, p := range m.Params {
		if p.Type.Is("java.lang.Class") || strings.HasPrefix(p.Type.Name, "java.util.") {
			return false
		}
	}
	forLoader := map[int]bool{} // getClass() calls whose result only names the loader: getClass().getClassLoader()
	for _, op := range m.Ops {
		if op.Kind == ir.OpCall && op.Name == "getClassLoader" {
			if src, _ := m.Origin(op.Recv, op.Index); src != nil && src.Name == "getClass" {
				forLoader[src.Index] = true
			}
		}
	}
	for _, op := range m.Ops {
		if forLoader[op.Index] {
			continue
		}
		switch op.Kind {
		case ir.OpGetField, ir.OpGetStatic:
			if classField(m, op) {
				return false
			}
		case ir.OpCall:
			switch op.Name {
			case "getClass", "getInterfaces", "forName", "loadClass", "getType", "getReturnType", "getDeclaringClass", "getSuperclass", "getComponentType":
				return false
			}
			if strings.Contains(op.Name, "Interface") || strings.Contains(op.Name, "Class") && !strings.HasSuffix(op.Name, "ClassLoader") {
				return false // getClassLoader, getSystemClassLoader and the like name the loader
			}
		}
	}
	return true
}

// jdkLiterals reports a method whose class literals all name JDK classes or primitive types.
func jdkLiterals(m *ir.Method) bool {
	for _, c := range m.ClassLits {
		if !analysis.IsJDK(strings.TrimSuffix(c, "[]")) && !(ir.Type{Name: c}).Primitive() {
			return false
		}
	}
	return true
}

// classField reports a field read that may hold a Class or Class[] (by its descriptor in bytecode,
// by its declared type when the file declares it, and as a maybe when neither is known).
func classField(m *ir.Method, op *ir.Op) bool {
	if op.Desc != "" {
		return strings.HasPrefix(op.Desc, "Ljava/lang/Class;") || strings.HasPrefix(op.Desc, "[Ljava/lang/Class;")
	}
	if c := m.Class.File.FindClass(op.Owner); c != nil {
		if f := c.Field(op.Name); f != nil {
			return f.Type.Is("java.lang.Class")
		}
	}
	return true
}
