package checks

import (
	"github.com/kompat/kompat/reports"
	"github.com/kompat/kompat/rules"
	"github.com/kompat/kompat/rules/analysis"
	"github.com/kompat/kompat/rules/ir"
	"github.com/kompat/kompat/rules/program"
)

func init() {
	rules.Register(&rules.Check{ID: "KP1006", Run: kp1006StaticThrowable, Judges: true})
}

// kp1006StaticThrowable: a static field that holds a Throwable (ST-06), by its declared type (a
// JDK throwable root, a name ending in Exception/Error/Throwable, or a class of this file that
// extends one) or by its initializer (`new SomeException(..)` stored in an Object field).
func kp1006StaticThrowable(p *rules.Pass) {
	for _, c := range p.File.Classes {
		for _, f := range c.Fields {
			if !f.Mods.Has(ir.Static) || f.Type.Dims > 0 || stIgnored(f) {
				continue
			}
			held := ""
			_, init, _, initOK := analysis.StaticInit(f)
			made := initOK && init != nil && init.Kind == ir.OpNew
			if analysis.ThrowableInFile(p.File, f.Type.Name) {
				held = ir.SimpleName(f.Type.Name)
			} else if made && analysis.ThrowableInFile(p.File, init.Owner) {
				held = ir.SimpleName(init.Owner)
			}
			if held == "" || kp1006NoStackTrace(p.File, f.Type.Name) {
				continue
			}
			if made && kp1006NoStackTrace(p.File, init.Owner) {
				continue // an instance of a stackless subclass (an anonymous one overriding fillInStackTrace)
			}
			if made && init.Owner != f.Type.Name && rlAnonymousName(init.Owner) && p.File.FindClass(init.Owner) == nil {
				// its body is in another class file: anonymous Throwable subclasses exist mostly to
				// override fillInStackTrace, which this pass cannot check from here
				p.ReportFieldAtMost(reports.SeverityLow, f, "static field %s holds a Throwable made by an anonymous subclass of %s whose body is in another class file: if it overrides fillInStackTrace (the usual reason for one), it pins nothing; otherwise its stack trace pins the apps on the stack when it was created",
					f.Name, held)
				p.FixLast("Check the anonymous subclass overrides fillInStackTrace(); scanning the sources (or the whole jar) lets kompat check it.")
				continue
			}
			if kp1006SyntheticTrace(f) {
				p.ReportFieldAtMost(reports.SeverityLow, f, "static field %s holds a Throwable (%s) made by a factory that is given the class and method to show: such factories usually give it a synthetic or no stack trace, so it likely pins no app (low; check the factory)",
					f.Name, held)
				p.FixLast("Check that the factory replaces the stack trace (setStackTrace or writableStackTrace=false); if it does, nothing to do.")
				continue
			}
			p.ReportField(f, "static field %s holds a Throwable (%s): its stack trace references the classes that were on the stack when it was created, pinning their apps' ClassLoaders after uninstall",
				f.Name, held)
			// a superclass in another file may turn the trace off: the whole program tells
			types := []string{f.Type.Name}
			if made {
				types = append(types, init.Owner)
			}
			p.JudgeLast(func(prog *program.Program, _ *reports.Finding) bool {
				for _, t := range types {
					if records, known := prog.RecordsTrace(t); known && !records {
						return false
					}
				}
				return true
			})
		}
	}
}

// kp1006NoStackTrace reports whether a Throwable class declared in the file never records a stack
// trace (program.StacklessThrowable).
func kp1006NoStackTrace(f *ir.File, name string) bool {
	c := f.FindClass(name)
	return c != nil && program.StacklessThrowable(c)
}

// kp1006SyntheticTrace reports a static Throwable initialized by a static factory call handed a
// class literal and a constant (newStatic(Decoder.class, "decode(..)"), unknownStackTrace(e,
// Decoder.class, "decode")): the idiom of a preallocated exception with a made-up stack trace.
func kp1006SyntheticTrace(f *ir.Field) bool {
	_, op, _, ok := analysis.StaticInit(f)
	if !ok || op == nil || op.Kind != ir.OpCall || !op.Static {
		return false
	}
	lit, str := false, false
	for _, a := range op.Args {
		switch a.Kind {
		case ir.ValClassLit:
			lit = true
		case ir.ValConst:
			str = true
		}
	}
	return lit && str
}
