package checks

import (
	"github.com/kompat/kompat/reports"
	"github.com/kompat/kompat/rules"
	"github.com/kompat/kompat/rules/analysis"
	"github.com/kompat/kompat/rules/ir"
	"github.com/kompat/kompat/rules/program"
)

func init() {
	rules.Register(&rules.Check{ID: "KP1004", Run: kp1004LazyStaticSingleton, Program: kp1004LazyAcrossFiles})
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
					if program.LazyNewCandidate(m, op, src) {
						continue // a no-argument constructor of scanned code: the program phase looks into it
					}
					if analysis.LazyIndependent(m, op) {
						continue // the same value whichever app initializes it (a JDK or own-jar resource)
					}
					made := "a new " + ir.SimpleName(src.Owner)
					if src.Kind == ir.OpCall {
						made = "the result of " + ir.SimpleName(src.Owner) + "." + src.Name + "()"
					}
					if f := c.Field(op.Name); f != nil && f.Type.Dims == 0 && f.Type.Primitive() {
						// a number or flag: no instance is shared, and no loader is pinned
						p.ReportOpAtMost(reports.SeverityLow, m, op, "static method %s() lazily sets static field %s, a %s, to %s on first use: a primitive holds no app's objects or ClassLoader; every app sees the value the first caller computed, which matters only if it depends on that app's configuration",
							m.Name, op.Name, f.Type.Name, made)
						p.FixLast("Nothing is needed when the value is the JVM's (a seed, a limit read from the system); if it comes from an app's configuration, keep it per app.")
						continue
					}
					p.ReportOp(m, op, kp1004FirstAppFixes(p.Side == rules.SideModule), m.Name, op.Name, made)
				}
			}
		}
	}
}

// kp1004LazyAcrossFiles: the lazy creations by a no-argument constructor of scanned code, judged
// by what the constructor does across the whole program. One that starts threads, creates an
// executor or reads the context loader builds the instance with the first calling app's state;
// one that does none of these gives every app an equivalent instance (low). A class outside the
// scan is judged as before, at the rule's severity.
func kp1004LazyAcrossFiles(pp *rules.ProgramPass) {
	for _, l := range pp.Program.LazySingletons() {
		name := pp.Program.Str(l.Method.Name)
		made := "a new " + ir.SimpleName(l.Class)
		module := rules.Side(l.File.Side) == rules.SideModule
		switch {
		case l.Known && l.Effects&(program.EffStartsThread|program.EffCreatesExecutor) != 0:
			pp.Report(l.Site, "static method %s() lazily sets static field %s to %s on first use, and its constructor starts threads or creates an executor: those threads keep the context ClassLoader (and the security context) of the first app to call%s",
				name, l.Field, made, kp1004Where(module))
		case l.Known && l.Effects&program.EffReadsContext != 0:
			pp.Report(l.Site, "static method %s() lazily sets static field %s to %s on first use, and its constructor reads the thread context ClassLoader: the instance is built with the first calling app's loader%s",
				name, l.Field, made, kp1004Where(module))
		case l.Known:
			pp.ReportLesser(reports.SeverityLow, "Create the instance in the static initializer or a holder class; if apps configure it, give each app its own instance.", l.Site, "static method %s() lazily sets static field %s to %s on first use; its constructor depends on no calling app as far as kompat sees (no context loader, threads or executors), so every app gets an equivalent instance: a style point unless apps configure the shared instance",
				name, l.Field, made)
		default:
			pp.Report(l.Site, kp1004FirstAppFixes(module), name, l.Field, made)
		}
	}
}

// kp1004FirstAppFixes is the rule's message (method, field, what is made) for a lazy creation
// whose dependence on the calling app kompat cannot judge, worded for the side.
func kp1004FirstAppFixes(module bool) string {
	if module {
		return "static method %s() lazily sets static field %s to %s on first use: the class is private to this module, so the first caller is this app (in a class the base shares, the first app would fix the instance, with its configuration and ClassLoader, for every app)"
	}
	return "static method %s() lazily sets static field %s to %s on first use: the first app to call it fixes the instance (with its configuration and ClassLoader) for every app sharing this class"
}

func kp1004Where(module bool) string {
	if module {
		return " (the class is private to this module, so that is this app; in a class the base shares, it would be whichever app called first)"
	}
	return ", and every app sharing this class uses it"
}
