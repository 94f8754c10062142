package checks

import (
	"github.com/kompat/kompat/rules"
	"github.com/kompat/kompat/rules/analysis"
	"github.com/kompat/kompat/rules/ir"
)

func init() {
	rules.Register(&rules.Check{ID: "KP1001", Run: kp1001MutableStaticField})
}

// kp1001MutableStaticField: a static field that is not final (ST-01). Compiler-generated and
// serialization fields are skipped. The message says whether code outside the class's static
// initializer assigns the field (ST-02 raises the hazard from "shared" to "overwritten").
func kp1001MutableStaticField(p *rules.Pass) {
	writers := map[string][]*ir.Method{} // "Owner.field" -> methods that put it, in order
	for _, k := range p.File.Classes {
		for _, m := range k.Methods {
			seen := map[string]bool{}
			for _, op := range m.Ops {
				if op.Kind == ir.OpPutStatic && !seen[op.Owner+"."+op.Name] {
					seen[op.Owner+"."+op.Name] = true
					writers[op.Owner+"."+op.Name] = append(writers[op.Owner+"."+op.Name], m)
				}
			}
		}
	}
	for _, c := range p.File.Classes {
		if c.Mods.Has(ir.Interface) || c.Mods.Has(ir.Synthetic) {
			continue
		}
		for _, f := range c.Fields {
			if !f.Mods.Has(ir.Static) || f.Mods.Has(ir.Final) || stIgnored(f) {
				continue
			}
			var labels []string
			for _, m := range writers[c.Name+"."+f.Name] {
				if !analysis.IsInitOf(m, c.Name) {
					labels = append(labels, analysis.MethodLabel(m, c.Name))
				}
			}
			if len(labels) > 0 {
				p.ReportField(f, "static field %s is not final and is reassigned in %s after class initialization: every app using this class shares the one value, and the last app to write it wins",
					f.Name, analysis.JoinLabels(labels))
				continue
			}
			p.ReportField(f, "static field %s is not final: every app using this class shares one copy (it is assigned only during class initialization, so it can likely be final)", f.Name)
		}
	}
}

// stIgnored reports fields the compiler or serialization owns.
func stIgnored(f *ir.Field) bool {
	if f.Mods.Has(ir.Synthetic) || f.Mods.Has(ir.EnumConstant) {
		return true
	}
	switch f.Name {
	case "serialVersionUID", "serialPersistentFields", "$assertionsDisabled", "$VALUES":
		return true
	}
	return false
}
