package checks

import (
	"strings"

	"github.com/kompat/kompat/rules"
	"github.com/kompat/kompat/rules/analysis"
	"github.com/kompat/kompat/rules/ir"
)

func init() {
	rules.Register(&rules.Check{ID: "KP1011", Run: kp1011MBeanNameConstant})
}

// kp1011MBeanNameConstant: MBeanServer.registerMBean with an ObjectName built only from string
// constants (ST-11), directly, through a local, or through a static field of a class in the file.
func kp1011MBeanNameConstant(p *rules.Pass) {
	for _, s := range p.Calls("javax.management.MBeanServer", "registerMBean") {
		if len(s.Op.Args) < 2 {
			continue
		}
		name, ok := kp1011ConstName(p.File, s.Method, s.Op.Args[1], s.Op.Index)
		if !ok {
			continue
		}
		p.ReportOp(s.Method, s.Op, "MBean registered under the constant ObjectName %q: every app that runs this code uses the same name in the one platform MBeanServer, so the second fails with InstanceAlreadyExistsException", name)
	}
}

// kp1011ConstName follows an ObjectName value to `new ObjectName(consts...)` or
// `ObjectName.getInstance(consts...)` and returns the name.
func kp1011ConstName(f *ir.File, m *ir.Method, v ir.Value, before int) (string, bool) {
	src, _ := m.Origin(v, before)
	if src == nil && v.Kind == ir.ValField && v.Static {
		if c := f.FindClass(v.Owner); c != nil {
			if fld := c.Field(v.Name); fld != nil && fld.Mods.Has(ir.Final) {
				_, src, _, _ = analysis.StaticInit(fld)
			}
		}
	}
	if src == nil || src.Owner != "javax.management.ObjectName" {
		return "", false
	}
	if !(src.Kind == ir.OpNew || src.Kind == ir.OpCall && src.Name == "getInstance") || len(src.Args) == 0 {
		return "", false
	}
	parts := make([]string, 0, len(src.Args))
	for _, a := range src.Args {
		if a.Kind != ir.ValConst {
			return "", false
		}
		parts = append(parts, a.Const)
	}
	if len(parts) == 3 { // (domain, key, value)
		return parts[0] + ":" + parts[1] + "=" + parts[2], true
	}
	return strings.Join(parts, ","), true
}
