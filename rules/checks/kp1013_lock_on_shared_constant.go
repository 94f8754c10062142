package checks

import (
	"github.com/kompat/kompat/rules"
	"github.com/kompat/kompat/rules/analysis"
	"github.com/kompat/kompat/rules/ir"
)

func init() {
	rules.Register(&rules.Check{ID: "KP1013", Run: kp1013LockOnSharedConstant})
}

// kp1013LockOnSharedConstant: synchronized on an object every app in the JVM can reach (ST-13):
// a string literal (interned JVM-wide), the class literal of a JDK type, or Boolean.TRUE/FALSE.
// A static final field of a class in the file whose initializer is one of these counts too (javac
// inlines string constants, so the bytecode sees the literal).
func kp1013LockOnSharedConstant(p *rules.Pass) {
	for _, c := range p.File.Classes {
		for _, m := range c.Methods {
			for _, op := range m.Ops {
				if op.Kind != ir.OpMonitor {
					continue
				}
				if what := kp1013Shared(p.File, op.Recv, 0); what != "" {
					p.ReportOp(m, op, "synchronized on %s, which is shared JVM-wide: unrelated apps that lock the same object contend with, or deadlock against, this one", what)
				}
			}
		}
	}
}

// kp1013Shared describes a lock value if it is a JVM-wide shared object, else "".
func kp1013Shared(f *ir.File, v ir.Value, depth int) string {
	switch v.Kind {
	case ir.ValConst:
		if v.Type == "java.lang.String" {
			return "the string literal \"" + v.Const + "\""
		}
	case ir.ValClassLit:
		if analysis.IsJDK(v.Type) {
			return ir.SimpleName(v.Type) + ".class"
		}
	case ir.ValField:
		if v.Static && v.Owner == "java.lang.Boolean" && (v.Name == "TRUE" || v.Name == "FALSE") {
			return "Boolean." + v.Name
		}
		if !v.Static || depth > 0 {
			return ""
		}
		if c := f.FindClass(v.Owner); c != nil {
			if fld := c.Field(v.Name); fld != nil && fld.Mods.Has(ir.Final) {
				if _, op, init, ok := analysis.StaticInit(fld); ok && op == nil {
					if what := kp1013Shared(f, init, depth+1); what != "" {
						return what
					}
				}
			}
		}
	}
	return ""
}
