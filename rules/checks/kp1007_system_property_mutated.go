package checks

import (
	"github.com/kompat/kompat/rules"
	"github.com/kompat/kompat/rules/ir"
)

func init() {
	rules.Register(&rules.Check{ID: "KP1007", Run: kp1007SystemPropertyMutated})
}

// kp1007PropsWriters are the Properties/Hashtable methods that change the table.
var kp1007PropsWriters = []string{"put", "setProperty", "remove", "putAll", "clear", "putIfAbsent", "compute", "computeIfAbsent", "merge", "replace"}

// kp1007SystemPropertyMutated: System.setProperty/clearProperty/setProperties, and writes to the
// live table System.getProperties() returns (ST-07). At the base side a static main(String[])
// is the process owner starting its JVM (as KP1010 and KP1008 treat it): its properties are the
// base's to set.
func kp1007SystemPropertyMutated(p *rules.Pass) {
	skip := func(m *ir.Method) bool { return p.Side == rules.SideBase && m.Name == "main" && m.Mods.Has(ir.Static) }
	for _, name := range []string{"setProperty", "clearProperty", "setProperties"} {
		for _, s := range p.Calls("java.lang.System", name) {
			if skip(s.Method) {
				continue
			}
			p.ReportOp(s.Method, s.Op, "System.%s changes JVM-wide system properties: every app in the process (the base and all modules) sees the change", name)
		}
	}
	for _, name := range kp1007PropsWriters {
		for _, s := range p.CallsNamed(name) {
			if s.Op.Kind != ir.OpCall || s.Op.Static {
				continue
			}
			src, _ := s.Method.Origin(s.Op.Recv, s.Op.Index)
			if src == nil || !src.Is("java.lang.System", "getProperties") || skip(s.Method) {
				continue
			}
			p.ReportOp(s.Method, s.Op, "%s on System.getProperties() changes JVM-wide system properties: every app in the process (the base and all modules) sees the change", name)
		}
	}
}
