package checks

import (
	"strings"

	"github.com/kompat/kompat/reports"
	"github.com/kompat/kompat/rules"
	"github.com/kompat/kompat/rules/analysis"
	"github.com/kompat/kompat/rules/ir"
)

func init() {
	rules.Register(&rules.Check{ID: "KP1006", Run: kp1006StaticThrowable})
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
			if made && init.Owner != f.Type.Name && kp1006Anonymous(init.Owner) && p.File.FindClass(init.Owner) == nil {
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
		}
	}
}

// kp1006NoStackTrace reports whether a Throwable class declared in the file never records a stack
// trace: it overrides fillInStackTrace(), or each of its constructors passes writableStackTrace =
// false to the four-argument Throwable constructor.
func kp1006NoStackTrace(f *ir.File, name string) bool {
	c := f.FindClass(name)
	if c == nil {
		return false
	}
	ctors, quiet := 0, 0
	for _, m := range c.Methods {
		if m.Name == "fillInStackTrace" && len(m.Params) == 0 {
			return true
		}
		if m.Name != "<init>" || m.Mods.Has(ir.Synthetic) {
			continue
		}
		ctors++
		for _, op := range m.Ops {
			if op.Kind == ir.OpCall && op.Name == "<init>" && op.Owner == c.Super && len(op.Args) == 4 &&
				op.Args[3].Kind == ir.ValConst && (op.Args[3].Const == "false" || op.Args[3].Const == "0") {
				quiet++
				break
			}
		}
	}
	return ctors > 0 && ctors == quiet
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

// kp1006Anonymous reports a binary class name of an anonymous class (Outer$1).
func kp1006Anonymous(name string) bool {
	i := strings.LastIndexByte(name, '$')
	if i < 0 || i == len(name)-1 {
		return false
	}
	for _, r := range name[i+1:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
