package checks

import (
	"github.com/kompat/kompat/reports"
	"github.com/kompat/kompat/rules"
	"github.com/kompat/kompat/rules/analysis"
	"github.com/kompat/kompat/rules/ir"
)

func init() {
	rules.Register(&rules.Check{ID: "KP1002", Run: kp1002StaticWriteFromInstance})
}

// kp1002StaticWriteFromInstance: a write to a static field (of this class or any other) from a
// constructor or an instance method (ST-02). Static methods and <clinit> are KP1001/KP1004's
// business; lambda bodies are skipped because javac compiles them to static methods when they do
// not capture `this`, so the two frontends would disagree.
func kp1002StaticWriteFromInstance(p *rules.Pass) {
	instanceWriter := func(m *ir.Method) bool {
		return !m.Mods.Has(ir.Static) && m.Name != "<clinit>" && (!m.Mods.Has(ir.Synthetic) || m.Name == "<init>")
	}
	// fields an instance method sets to a value: their clears (`x = null`) are the same problem
	set := map[string]bool{}
	for _, c := range p.File.Classes {
		for _, m := range c.Methods {
			if !instanceWriter(m) {
				continue
			}
			for _, op := range m.Ops {
				if op.Kind == ir.OpPutStatic && !op.InLambda && op.Val.Kind != ir.ValNull {
					set[op.Owner+"."+op.Name] = true
				}
			}
		}
	}
	for _, c := range p.File.Classes {
		for _, m := range c.Methods {
			if !instanceWriter(m) {
				continue
			}
			for _, op := range m.Ops {
				if op.Kind != ir.OpPutStatic || op.InLambda {
					continue
				}
				if op.Val.Kind == ir.ValNull && set[op.Owner+"."+op.Name] {
					continue // one finding per problem: the write that sets the field is reported
				}
				where := "instance method " + m.Name + "()"
				if m.Name == "<init>" {
					where = "constructor of " + ir.SimpleName(c.Name)
				}
				if analysis.OneTimeFlag(m, op) {
					p.ReportOpAtMost(reports.SeverityLow, m, op, "%s flips static flag %s.%s once (it reads it first and writes a constant): every app sees the same latch, so this is a style point (an AtomicBoolean makes the intent clear)",
						where, ir.SimpleName(op.Owner), op.Name)
					p.FixLast("Use a static final AtomicBoolean and compareAndSet, so the one-time action is explicit.")
					continue
				}
				if analysis.InitCallback(m, op.Owner) {
					// a callback object made while its outer class initializes (protobuf's
					// descriptor assigner): it runs then, once, whichever app triggers it
					p.ReportOpAtMost(reports.SeverityLow, m, op, "%s of an anonymous class created during %s's initialization writes static field %s.%s: it runs while the class initializes, like a static initializer (low; check that nothing calls it later)",
						where, ir.SimpleName(c.Outer), ir.SimpleName(op.Owner), op.Name)
					p.FixLast("If the callback only runs during class initialization, nothing is needed; otherwise keep the value per instance.")
					continue
				}
				if analysis.CounterReset(m, op) {
					continue // the wrap-around of a counter the method increments (reported there)
				}
				if analysis.Increment(m, op) {
					p.ReportOpAtMost(reports.SeverityLow, m, op, "%s adds to static counter %s.%s: every app that uses the class counts into one total (ids it hands out stay unique across apps); if it counts one app's work, keep the count per app",
						where, ir.SimpleName(op.Owner), op.Name)
					p.FixLast("Nothing is needed for ids or totals of the JVM; for a per-app count, keep it in an instance the app owns.")
					continue
				}
				if analysis.CopyOnWrite(m, op) {
					continue // a copy of the shared collection with one more entry: nothing is overwritten
				}
				if op.Val.Kind == ir.ValNull {
					p.ReportOpAtMost(reports.SeverityLow, m, op, "%s clears static field %s.%s (sets it to null): nothing an instance sets is kept, but one instance's call clears the value for every instance, in every app that shares the class (low; check that no other app still needs it)",
						where, ir.SimpleName(op.Owner), op.Name)
					p.FixLast("Keep the value per instance or per app, so that clearing it affects only the caller's.")
					continue
				}
				if analysis.LazyIndependent(m, op) {
					p.ReportOpAtMost(reports.SeverityLow, m, op, "%s sets static field %s.%s lazily to a value that does not depend on the calling app: every instance sees the same value, so this is a style point (initialize it in the static initializer or a holder class)",
						where, ir.SimpleName(op.Owner), op.Name)
					p.FixLast("Compute the value once in the static initializer or a nested holder class and make the field final.")
					continue
				}
				if p.Side == rules.SideModule {
					p.ReportOp(m, op, "%s writes static field %s.%s: every instance in this module overwrites the one value they all share (the class is private to the module; in a class the base shares, every app would)%s",
						where, ir.SimpleName(op.Owner), op.Name, kp1002When(m))
					continue
				}
				p.ReportOp(m, op, "%s writes static field %s.%s: every instance, in every app that uses this class, overwrites the one value they all share%s",
					where, ir.SimpleName(op.Owner), op.Name, kp1002When(m))
			}
		}
	}
}

// kp1002When explains when bean lifecycle methods run.
func kp1002When(m *ir.Method) string {
	switch {
	case ir.HasAnnotation(m.Annotations, "javax.annotation.PostConstruct") || ir.HasAnnotation(m.Annotations, "jakarta.annotation.PostConstruct"),
		m.Name == "afterPropertiesSet" && len(m.Params) == 0,
		m.Name == "setApplicationContext" && len(m.Params) == 1,
		m.Name == "onApplicationEvent" && len(m.Params) == 1:
		return " (it runs when each app starts, so the last app to start wins)"
	}
	return ""
}
