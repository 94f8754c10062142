package checks

import (
	"github.com/kompat/kompat/rules"
	"github.com/kompat/kompat/rules/analysis"
	"github.com/kompat/kompat/rules/ir"
)

func init() { rules.Register(&rules.Check{ID: "KP2011", Run: classLoaderNotClosed}) }

// closeables are creations that hold jar handles until closed.
var closeables = [][2]string{
	{"java.net.URLClassLoader", "<init>"},
	{"java.net.URLClassLoader", "newInstance"},
	{"java.util.jar.JarFile", "<init>"},
	{"java.util.zip.ZipFile", "<init>"},
}

// classLoaderNotClosed: a URLClassLoader/JarFile/ZipFile created outside try-with-resources and
// not closed: kept in a local, no close() on that local in the method (or it is returned or
// stored, which hands it to someone else); kept in a field, no close() on the field on the
// class's destroy path.
func classLoaderNotClosed(p *rules.Pass) {
	for _, pair := range closeables {
		for _, s := range p.Calls(pair[0], pair[1]) {
			op := s.Op
			if pair[1] == "<init>" && op.Kind != ir.OpNew || op.InTryResource {
				continue
			}
			what := ir.SimpleName(op.Owner)
			switch op.Store.Kind {
			case ir.ValField:
				if !analysis.CallsOn(p.DestroyPath(s.Method.Class), op.Store.Owner, op.Store.Name, "close") {
					p.ReportOp(s.Method, op, "%s kept in field %s is never closed on the module's destroy path", what, op.Store.Name)
				}
			case ir.ValLocal:
				if !closedLocal(s.Method, op) && !escapes(s.Method, op) {
					p.ReportOp(s.Method, op, "%s in local %s is never closed (use try-with-resources)", what, op.Store.Name)
				}
			default:
				if !escapesValue(s.Method, op) {
					p.ReportOp(s.Method, op, "%s created and never closed", what)
				}
			}
		}
	}
}

// closedLocal reports whether the method calls close() on the local the op was stored in.
func closedLocal(m *ir.Method, created *ir.Op) bool {
	for _, op := range m.Ops {
		if op.Index <= created.Index || op.Kind != ir.OpCall || op.Name != "close" {
			continue
		}
		if src, _ := m.Origin(op.Recv, op.Index); src == created {
			return true
		}
	}
	return false
}

// escapes reports whether the stored value is handed elsewhere (returned, passed, stored in a
// field), in which case the new owner closes it.
func escapes(m *ir.Method, created *ir.Op) bool {
	for _, op := range m.Ops {
		if op.Index <= created.Index {
			continue
		}
		for _, a := range append(append([]ir.Value{}, op.Args...), op.Val) {
			if src, _ := m.Origin(a, op.Index); src == created && (op.Kind == ir.OpPutField || op.Kind == ir.OpPutStatic || op.Kind == ir.OpNew) {
				return true
			}
		}
	}
	return false
}

// escapesValue: an unstored creation used directly as an argument or receiver (e.g. returned or
// wrapped) is owned by whoever receives it; only a bare expression statement is a leak.
func escapesValue(m *ir.Method, created *ir.Op) bool {
	for _, op := range m.Ops {
		if op.Index <= created.Index {
			continue
		}
		if op.Recv.Kind == ir.ValResult && op.Recv.Op == created.Index {
			return op.Name == "close"
		}
		for _, a := range op.Args {
			if a.Kind == ir.ValResult && a.Op == created.Index {
				return true
			}
		}
	}
	return true // returned directly: the caller owns it
}
