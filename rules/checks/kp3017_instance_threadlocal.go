package checks

import (
	"github.com/kompat/kompat/rules"
	"github.com/kompat/kompat/rules/analysis"
	"github.com/kompat/kompat/rules/ir"
)

func init() {
	rules.Register(&rules.Check{ID: "KP3017", Run: rlInstanceThreadLocal})
}

// rlInstanceThreadLocal: a ThreadLocal held in an instance field.
func rlInstanceThreadLocal(p *rules.Pass) {
	for _, c := range p.File.Classes {
		for _, fd := range c.Fields {
			if fd.Mods.Has(ir.Static) || fd.Mods.Has(ir.Synthetic) || !analysis.IsThreadLocalField(p.File, fd) {
				continue
			}
			msg := "ThreadLocal field %s is not static: every %s instance adds its own entry to each thread that touches it, entries that pooled threads of the base keep after the module is uninstalled; make it static final and remove() values after use"
			if fd.Line == 0 {
				// a class file records no line for a field without an initializer: report
				// its first assignment instead
				if m, op := rlFirstPut(c, fd); op != nil {
					p.ReportOp(m, op, msg, fd.Name, ir.SimpleName(c.Name))
					continue
				}
			}
			p.ReportField(fd, msg, fd.Name, ir.SimpleName(c.Name))
		}
	}
}

// rlFirstPut returns the first write of an instance field in its class (lowest line), or nil.
func rlFirstPut(c *ir.Class, fd *ir.Field) (*ir.Method, *ir.Op) {
	var bm *ir.Method
	var best *ir.Op
	for _, m := range c.Methods {
		for _, op := range m.Ops {
			if op.Kind == ir.OpPutField && op.Owner == c.Name && op.Name == fd.Name && op.Line > 0 && (best == nil || op.Line < best.Line) {
				bm, best = m, op
			}
		}
	}
	return bm, best
}
