package checks

import (
	"github.com/kompat/kompat/rules"
	"github.com/kompat/kompat/rules/analysis"
	"github.com/kompat/kompat/rules/ir"
)

func init() {
	rules.Register(&rules.Check{ID: "KP1004", Run: kp1004LazyStaticSingleton})
}

// kp1004LazyStaticSingleton: a static method (not <clinit>) that reads a static field of its own
// class and then assigns it a freshly created value (a `new` or a call result): the lazy
// `if (INSTANCE == null) INSTANCE = new X(..)` idiom, double-checked or not (ST-04).
func kp1004LazyStaticSingleton(p *rules.Pass) {
	for _, c := range p.File.Classes {
		for _, m := range c.Methods {
			if !m.Mods.Has(ir.Static) || m.Name == "<clinit>" || m.Mods.Has(ir.Synthetic) {
				continue
			}
			read := map[string]bool{}
			done := map[string]bool{}
			for _, op := range m.Ops {
				if op.InLambda || op.Owner != c.Name {
					continue
				}
				switch op.Kind {
				case ir.OpGetStatic:
					read[op.Name] = true
				case ir.OpPutStatic:
					if !read[op.Name] || done[op.Name] {
						continue
					}
					src, _ := m.Origin(op.Val, op.Index)
					if src == nil || src.Kind != ir.OpNew && src.Kind != ir.OpCall {
						continue
					}
					done[op.Name] = true
					if analysis.LazyIndependent(m, op) {
						continue // the same value whichever app initializes it (a JDK or own-jar resource)
					}
					made := "a new " + ir.SimpleName(src.Owner)
					if src.Kind == ir.OpCall {
						made = "the result of " + ir.SimpleName(src.Owner) + "." + src.Name + "()"
					}
					if p.Side == rules.SideModule {
						p.ReportOp(m, op, "static method %s() lazily sets static field %s to %s on first use: the class is private to this module, so the first caller is this app (in a class the base shares, the first app would fix the instance, with its configuration and ClassLoader, for every app)",
							m.Name, op.Name, made)
						continue
					}
					p.ReportOp(m, op, "static method %s() lazily sets static field %s to %s on first use: the first app to call it fixes the instance (with its configuration and ClassLoader) for every app sharing this class",
						m.Name, op.Name, made)
				}
			}
		}
	}
}
