package checks

import (
	"github.com/kompat/kompat/reports"
	"github.com/kompat/kompat/rules"
	"github.com/kompat/kompat/rules/analysis"
	"github.com/kompat/kompat/rules/ir"
	"github.com/kompat/kompat/rules/program"
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
	helpers := analysis.InitOnlyHelpers(p.File) // private static methods only class initialization runs
	for _, c := range p.File.Classes {
		if c.Mods.Has(ir.Interface) || c.Mods.Has(ir.Synthetic) {
			continue
		}
		for _, f := range c.Fields {
			if !f.Mods.Has(ir.Static) || f.Mods.Has(ir.Final) || stIgnored(f) {
				continue
			}
			var labels []string
			lazy := true    // every write after initialization is an app-independent lazy init
			counter := true // every write after initialization adds to the field's own value
			cow := true     // every write after initialization stores a copy of the field's collection
			agent := false  // a JVM agent entry point writes it
			// every write after initialization is a static method setting a boolean to a constant
			// (a switch, or a loaded-once latch possibly reset for tests)
			flag := f.Type.Dims == 0 && f.Type.Is("boolean")
			native := "" // every write after initialization stores what this native method returns
			fromNative := true
			// every write after initialization is the lazy creation of a singleton KP1004 judges
			// (or clears it), and there is one
			singleton, created := true, false
			for _, m := range writers[c.Name+"."+f.Name] {
				if agentEntry(m) {
					agent = true
					continue
				}
				if !analysis.IsInitOf(m, c.Name) && !helpers[m] && !analysis.InitCallback(m, c.Name) {
					labels = append(labels, analysis.MethodLabel(m, c.Name))
					for _, op := range m.Ops {
						if op.Kind == ir.OpPutStatic && op.Owner == c.Name && op.Name == f.Name {
							if !analysis.LazyIndependent(m, op) && !analysis.OneTimeFlag(m, op) {
								lazy = false
							}
							if !analysis.Increment(m, op) && !analysis.CounterReset(m, op) {
								counter = false
							}
							if !analysis.CopyOnWrite(m, op) {
								cow = false
							}
							if op.Val.Kind != ir.ValConst || !m.Mods.Has(ir.Static) {
								flag = false // an instance's stop() flipping a static stops every app's
							}
							if n := kp1001NativeSource(p.File, m, op); n == "" || native != "" && n != native {
								fromNative = false
							} else {
								native = n
							}
							if src, _ := m.Origin(op.Val, op.Index); src != nil && program.LazyNewCandidate(m, op, src) {
								created = true
							} else if op.Val.Kind != ir.ValNull {
								singleton = false
							}
						}
					}
				}
			}
			if len(labels) > 0 && singleton && created {
				if f.Mods.Has(ir.Private) {
					continue // one finding per problem: KP1004 reports the lazy creation, judged by its constructor
				}
				p.ReportFieldAtMost(reports.SeverityMedium, f, "static field %s is not final and is set lazily in %s (KP1004 judges that creation); it is not private, so code outside the class may also reassign it",
					f.Name, analysis.JoinLabels(labels))
				p.FixLast("Make the field private (and final, with a holder class), so only the lazy creation writes it.")
				continue
			}
			if len(labels) > 0 && counter {
				p.ReportFieldAtMost(reports.SeverityLow, f, "static field %s is a counter that %s adds to: every app that uses the class counts into one total (ids it hands out stay unique across apps); if it counts one app's work, keep the count per app",
					f.Name, analysis.JoinLabels(labels))
				p.FixLast("Nothing is needed for ids or totals of the JVM; for a per-app count, keep it in an instance the app owns (or an AtomicLong per app).")
				continue
			}
			if len(labels) > 0 && cow {
				p.ReportFieldAtMost(reports.SeverityLow, f, "static field %s is replaced in %s only by a copy of its own collection with entries added (copy-on-write): no app's value replaces another's, and what the collection holds is the shared-collection rules' business",
					f.Name, analysis.JoinLabels(labels))
				p.FixLast("Nothing is needed for the field itself; make sure the collection's keys do not pin apps (weak keys, or removal when an app stops).")
				continue
			}
			if len(labels) > 0 && lazy && f.Mods.Has(ir.Private) {
				p.ReportFieldAtMost(reports.SeverityLow, f, "static field %s is not final and is set lazily in %s to a value that does not depend on the calling app (or flips it once as a flag): every app sees the same value, so this is a style point (initialize it in a holder class or make it final)",
					f.Name, analysis.JoinLabels(labels))
				p.FixLast("Initialize the value in the static initializer (or a nested holder class) and make the field final.")
				continue
			}
			if len(labels) > 0 && lazy {
				p.ReportFieldAtMost(reports.SeverityMedium, f, "static field %s is set lazily in %s to a value that does not depend on the calling app (or flipped once as a flag), but it is not private: code outside the class may assign it another value, which every app would then share",
					f.Name, analysis.JoinLabels(labels))
				p.FixLast("Make the field private (and final, with a holder class), so only the lazy initialization writes it.")
				continue
			}
			if len(labels) > 0 && fromNative && native != "" {
				p.ReportFieldAtMost(reports.SeverityLow, f, "static field %s is set in %s from native method %s(): what a native library reports belongs to the process (the JVM binds a native library to one ClassLoader), so every app seeing the one value is right",
					f.Name, analysis.JoinLabels(labels), native)
				p.FixLast("Nothing is needed for multi-app use; make the field private with a getter if other code should not overwrite it.")
				continue
			}
			if len(labels) > 0 && flag {
				where := "every app sharing this class sees one app's switch"
				if p.Side == rules.SideModule {
					where = "the class is private to this module, so only this app's code flips it"
				}
				p.ReportFieldAtMost(reports.SeverityMedium, f, "static field %s is a flag that %s set to constants: it holds no app's objects or ClassLoader, but %s",
					f.Name, analysis.JoinLabels(labels), where)
				p.FixLast("If the flag records that something shared was loaded once, nothing pins an app; if apps switch behaviour with it, keep the switch per app (an instance or configuration the app owns).")
				continue
			}
			if len(labels) > 0 {
				if p.Side == rules.SideModule {
					p.ReportField(f, "static field %s is not final and is reassigned in %s after class initialization: the class is private to this module, so only this app's code shares the value (in a class the base shares, every app would, and the last to write it would win)",
						f.Name, analysis.JoinLabels(labels))
					continue
				}
				p.ReportField(f, "static field %s is not final and is reassigned in %s after class initialization: every app using this class shares the one value, and the last app to write it wins",
					f.Name, analysis.JoinLabels(labels))
				continue
			}
			if analysis.InitResolvedOnce(f) && kp1001Reflective(f.Type) {
				continue // a Class or member resolved once from class literals or the class's own loader
			}
			once := "during class initialization"
			if agent {
				once = "during class initialization or by a JVM agent's entry point (which the JVM runs once, before any app)"
			}
			if !f.Mods.Has(ir.Private) {
				// nothing here writes it later, but code elsewhere may: exposed, not yet overwritten
				p.ReportFieldAtMost(reports.SeverityMedium, f, "static field %s is not final: every app using this class shares one copy, and code outside the class may reassign it (it is assigned only %s here, so it can likely be final)", f.Name, once)
				continue
			}
			// private and written only by class initialization: one value for the life of the
			// loader, like a final field; a style point, not a sharing hazard
			p.ReportFieldAtMost(reports.SeverityLow, f, "static field %s is not final: it is assigned only %s, so it holds one value like a final field and can likely be final", f.Name, once)
			p.FixLast("Make the field final; nothing needs to change for multi-app use.")
		}
	}
}

// kp1001NativeSource returns the name of the native method of the file whose result the put
// stores (`VERSION = version(1)`), or "".
func kp1001NativeSource(f *ir.File, m *ir.Method, put *ir.Op) string {
	src, _ := m.Origin(put.Val, put.Index)
	if src == nil || src.Kind != ir.OpCall || !src.Static {
		return ""
	}
	c := f.FindClass(src.Owner)
	if c == nil {
		return ""
	}
	for _, t := range c.Methods {
		if t.Name == src.Name && t.Mods.Has(ir.Native) && t.Mods.Has(ir.Static) {
			return t.Name
		}
	}
	return ""
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

// kp1001Reflective reports a Class, ClassLoader or reflective member type.
func kp1001Reflective(t ir.Type) bool {
	if t.Dims > 0 {
		return false
	}
	switch t.Name {
	case "java.lang.Class", "java.lang.ClassLoader", "java.lang.reflect.Method", "java.lang.reflect.Field",
		"java.lang.reflect.Constructor", "java.lang.invoke.MethodHandle":
		return true
	}
	return false
}

// agentEntry reports a JVM agent's entry point: static premain or agentmain taking the agent's
// argument string (and the Instrumentation). The JVM calls it once, before or apart from any app.
func agentEntry(m *ir.Method) bool {
	if (m.Name != "premain" && m.Name != "agentmain") || !m.Mods.Has(ir.Static) || len(m.Params) == 0 || len(m.Params) > 2 {
		return false
	}
	return m.Params[0].Type.Is("java.lang.String") && (len(m.Params) == 1 || m.Params[1].Type.Is("java.lang.instrument.Instrumentation"))
}
