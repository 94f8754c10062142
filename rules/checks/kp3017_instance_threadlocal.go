package checks

import (
	"github.com/kompat/kompat/rules"
	"github.com/kompat/kompat/rules/ir"
)

func init() {
	rules.Register(&rules.Check{ID: "KP3017", Run: rlInstanceThreadLocal})
}

// rlInstanceThreadLocal: a ThreadLocal held in an instance field.
func rlInstanceThreadLocal(p *rules.Pass) {
	for _, c := range p.File.Classes {
		for _, fd := range c.Fields {
			if fd.Mods.Has(ir.Static) || fd.Mods.Has(ir.Synthetic) || !rlIsThreadLocalField(p.File, fd) {
				continue
			}
			p.ReportField(fd, "ThreadLocal field %s is not static: every %s instance adds its own entry to each thread that touches it, entries that pooled threads of the base keep after the module is uninstalled; make it static final and remove() values after use",
				fd.Name, ir.SimpleName(c.Name))
		}
	}
}
