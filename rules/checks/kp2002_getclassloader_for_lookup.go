package checks

import (
	"github.com/kompat/kompat/rules"
	"github.com/kompat/kompat/rules/ir"
	"github.com/kompat/kompat/rules/program"
)

func init() {
	rules.Register(&rules.Check{ID: "KP2002", Run: getClassLoaderForLookup, Program: ownLoaderAcrossMethods})
}

// ownLoaderAcrossMethods: the program phase sees what one method cannot: a helper that returns a
// class's own loader, a field that holds one, a parameter reassigned to one when null, and a
// loader passed to a resolver or factory (a scanned method whose ClassLoader parameter is used
// for lookups). A loader that may be the context loader (TCCL first, own loader as the fallback)
// is the recommended pattern and stays silent.
func ownLoaderAcrossMethods(pp *rules.ProgramPass) {
	for _, s := range pp.Program.LoaderSites() {
		if !s.Via || s.Loader&program.ClassLoaders == 0 || s.Loader&program.LoaderTCCL != 0 {
			continue
		}
		kinds := (s.Loader & program.ClassLoaders).String()
		switch s.Kind {
		case program.SinkLookup:
			pp.Report(s, "%s: %s is used to load classes or resources, the wrong app's loader when the code is shared", s.Path(), kinds)
		case program.SinkCollection:
			pp.Report(s, "%s: %s is added to a collection of loaders that the code searches", s.Path(), kinds)
		case program.SinkStatic:
			pp.Report(s, "%s: a static field caches %s", s.Path(), kinds)
		}
	}
}

// lookupSinks are calls that resolve classes or resources through a loader given as receiver
// (recv) or as an argument (the index).
var lookupSinks = []struct {
	owner, name string
	arg         int // -1: the receiver is the loader
}{
	{"java.lang.ClassLoader", "loadClass", -1},
	{"java.lang.ClassLoader", "getResource", -1},
	{"java.lang.ClassLoader", "getResources", -1},
	{"java.lang.ClassLoader", "getResourceAsStream", -1},
	{"java.util.ServiceLoader", "load", 1},
	{"java.lang.Class", "forName", 2},
}

// getClassLoaderForLookup: the result of Class.getClassLoader() flows (directly or through a
// local) into a class or resource lookup, or into a static field.
func getClassLoaderForLookup(p *rules.Pass) {
	for _, sink := range lookupSinks {
		for _, s := range p.Calls(sink.owner, sink.name) {
			v := s.Op.Recv
			if sink.arg >= 0 {
				if sink.arg >= len(s.Op.Args) {
					continue
				}
				v = s.Op.Args[sink.arg]
			}
			if src := classLoaderOf(s.Method, v, s.Op.Index); src != nil {
				p.ReportOp(s.Method, s.Op, "%s.%s uses %s's own ClassLoader, which is the wrong app's loader when the code is shared",
					ir.SimpleName(s.Op.Owner), s.Op.Name, ownerOfLoader(s.Method, src))
			}
		}
	}
	for _, c := range p.File.Classes {
		for _, m := range c.Methods {
			for _, op := range m.Ops {
				if op.Kind == ir.OpPutStatic && classLoaderOf(m, op.Val, op.Index) != nil {
					p.ReportOp(m, op, "static field %s caches a class's own ClassLoader", op.Name)
				}
			}
		}
	}
}

// classLoaderOf returns the getClassLoader() call a value comes from, or nil.
func classLoaderOf(m *ir.Method, v ir.Value, before int) *ir.Op {
	src, _ := m.Origin(v, before)
	if src != nil && src.Is("java.lang.Class", "getClassLoader") {
		return src
	}
	return nil
}

func ownerOfLoader(m *ir.Method, getCL *ir.Op) string {
	if getCL.Recv.Kind == ir.ValClassLit {
		return ir.SimpleName(getCL.Recv.Type)
	}
	if src, _ := m.Origin(getCL.Recv, getCL.Index); src != nil && src.Name == "getClass" {
		return "this class"
	}
	return "a class"
}
