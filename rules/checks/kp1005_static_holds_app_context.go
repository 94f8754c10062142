package checks

import (
	"strings"

	"github.com/kompat/kompat/reports"
	"github.com/kompat/kompat/rules"
	"github.com/kompat/kompat/rules/analysis"
	"github.com/kompat/kompat/rules/ir"
)

func init() {
	rules.Register(&rules.Check{ID: "KP1005", Run: kp1005StaticHoldsAppContext})
}

// kp1005JDKTypes are JDK types whose instances belong to one app's ClassLoader.
var kp1005JDKTypes = map[string]string{
	"java.lang.ClassLoader":           "a ClassLoader",
	"java.net.URLClassLoader":         "a ClassLoader",
	"java.security.SecureClassLoader": "a ClassLoader",
	"java.lang.Class":                 "a Class",
	"java.lang.reflect.Method":        "a reflective Method",
	"java.lang.reflect.Field":         "a reflective Field",
	"java.lang.reflect.Constructor":   "a reflective Constructor",
}

// kp1005SpringTypes are Spring container types, matched by simple name.
var kp1005SpringTypes = map[string]bool{
	"ApplicationContext": true, "ConfigurableApplicationContext": true, "WebApplicationContext": true,
	"BeanFactory": true, "ListableBeanFactory": true, "ConfigurableListableBeanFactory": true,
}

// kp1005ClassMembers are Class methods whose result belongs to the class they are called on.
var kp1005ClassMembers = map[string]bool{
	"getClassLoader": true, "getMethod": true, "getDeclaredMethod": true, "getField": true,
	"getDeclaredField": true, "getConstructor": true, "getDeclaredConstructor": true,
}

// kp1005StaticHoldsAppContext: a static field typed as a ClassLoader, Class, reflective member or
// Spring container (ST-05), and the "context holder" idiom: setApplicationContext storing into a
// static field.
func kp1005StaticHoldsAppContext(p *rules.Pass) {
	for _, c := range p.File.Classes {
		for _, f := range c.Fields {
			what, ok := kp1005Holds(f)
			if !ok {
				continue
			}
			var aware string
			for _, s := range p.FieldUses(c.Name, f.Name) {
				if s.Op.Kind == ir.OpPutStatic && s.Method.Name == "setApplicationContext" {
					aware = "; setApplicationContext() overwrites it as each app starts"
				}
			}
			if p.Side == rules.SideModule {
				kp1005ReportModule(p, f, what, aware)
				continue
			}
			if what == "a ClassLoader" && kp1005FromTCCL(f) {
				p.ReportField(f, "static field %s keeps the thread context ClassLoader of whichever app first initializes the class: it pins that app after uninstall, and every other app loads through it%s", f.Name, aware)
				continue
			}
			if by := kp1005OpaqueInit(f); by != "" && aware == "" {
				// set once, by code of the scanned base whose loader choice this pass cannot see
				p.ReportFieldAtMost(reports.SeverityMedium, f, "static field %s holds %s set once during class initialization by %s: if that resolves through the thread context loader, the first app to initialize the class fixes the value for every app and stays pinned; if it uses its own class's loader (as base code should), this is fine",
					f.Name, what, by)
				p.FixLast("Check the loader " + by + " resolves through; resolve through the declaring class's own loader (or a class literal) so the value is the base's for every app.")
				continue
			}
			switch {
			case what == "a ClassLoader":
				p.ReportField(f, "static field %s holds a ClassLoader shared by every app using this class: it pins the app whose loader it is after uninstall, and the other apps load classes through the wrong app%s", f.Name, aware)
			case strings.HasPrefix(what, "a Spring "):
				p.ReportField(f, "static field %s holds %s: each app's container overwrites the one shared value, and the stored one pins its app after uninstall%s", f.Name, what, aware)
			default:
				p.ReportField(f, "static field %s holds %s: the app that stores it stays loaded after uninstall, and other apps get that app's class instead of their own%s", f.Name, what, aware)
			}
		}
	}
	for _, c := range p.File.Classes {
		for _, m := range c.Methods {
			if m.Name != "setApplicationContext" || len(m.Params) != 1 {
				continue
			}
			for _, op := range m.Ops {
				if op.Kind != ir.OpPutStatic {
					continue
				}
				if k := p.File.FindClass(op.Owner); k != nil {
					if f := k.Field(op.Name); f != nil {
						if _, reported := kp1005Holds(f); reported {
							continue
						}
					}
				}
				if p.Side == rules.SideModule {
					p.ReportOp(m, op, "setApplicationContext() stores into static field %s.%s: the class is private to this module, so only this app's context is stored (in a class the base shares, each app's context would overwrite it and the last would pin its app)",
						ir.SimpleName(op.Owner), op.Name)
					continue
				}
				p.ReportOp(m, op, "setApplicationContext() stores into static field %s.%s: each app's context overwrites the one shared value, and the last one pins its app after uninstall",
					ir.SimpleName(op.Owner), op.Name)
			}
		}
	}
}

// kp1005Holds reports whether a static field's type holds per-app state, and says what it holds.
// A field assigned only in class initialization from what the declaring class's own loader resolves (Foo.class,
// Foo.class.getClassLoader(), Foo.class.getMethod(..), Class.forName(name)) is skipped.
func kp1005Holds(f *ir.Field) (string, bool) {
	if !f.Mods.Has(ir.Static) || f.Type.Dims > 0 || stIgnored(f) {
		return "", false
	}
	what, ok := kp1005JDKTypes[f.Type.Name]
	if !ok {
		if !kp1005SpringTypes[f.Type.Simple()] {
			return "", false
		}
		what = "a Spring " + f.Type.Simple()
	}
	if analysis.InitResolvedOnce(f) {
		return "", false // resolved once in class initialization, the same for every app
	}
	if f.Mods.Has(ir.Final) || !analysis.WrittenAfterInit(f) {
		if m, op, v, ok := analysis.StaticInit(f); ok && kp1005OwnLoader(m, op, v, 0) {
			return "", false
		}
	}
	return what, true
}

// kp1005OpaqueInit names the method whose result initializes a static field that is never written
// after class initialization, when the static initializer does not read the context loader (the
// per-file pass cannot see which loader the method resolves through), or "".
func kp1005OpaqueInit(f *ir.Field) string {
	if !f.Mods.Has(ir.Final) && analysis.WrittenAfterInit(f) {
		return ""
	}
	m, op, _, ok := analysis.StaticInit(f)
	if !ok || op == nil || op.Kind != ir.OpCall {
		return ""
	}
	for _, o := range m.Ops {
		if o.Is("java.lang.Thread", "getContextClassLoader") {
			return "" // the initializer reads the context loader: judged as such, not as unknown
		}
	}
	return ir.SimpleName(op.Owner) + "." + op.Name + "()"
}

// kp1005FromTCCL reports whether a field is initialized from Thread.getContextClassLoader().
func kp1005FromTCCL(f *ir.Field) bool {
	_, op, _, ok := analysis.StaticInit(f)
	return ok && op != nil && op.Kind == ir.OpCall && op.Is("java.lang.Thread", "getContextClassLoader")
}

// kp1005OwnLoader reports whether a value (produced by op in m) is resolved through the declaring
// class's own loader: a class literal, one-argument Class.forName, or a member, loader or class
// obtained from one of those.
func kp1005OwnLoader(m *ir.Method, op *ir.Op, v ir.Value, depth int) bool {
	if op == nil {
		return v.Kind == ir.ValClassLit || v.Kind == ir.ValNull
	}
	if depth > 6 || m == nil || op.Kind != ir.OpCall {
		return false
	}
	switch {
	case op.Is("java.lang.Class", "forName"):
		if op.Argc == 1 {
			return true // the caller's (declaring class's) loader
		}
		if len(op.Args) == 3 { // (name, initialize, loader): safe when the loader is
			src, val := m.Origin(op.Args[2], op.Index)
			return kp1005OwnLoader(m, src, val, depth+1)
		}
		return false
	case op.Owner == "java.lang.Class" && kp1005ClassMembers[op.Name], op.Is("java.lang.ClassLoader", "loadClass"):
		src, val := m.Origin(op.Recv, op.Index)
		return kp1005OwnLoader(m, src, val, depth+1)
	}
	return false
}

// kp1005ReportModule words the finding for module-private code: the value is this app's own, so
// what matters is a loader that is not the module's, or the class moving to the base.
func kp1005ReportModule(p *rules.Pass, f *ir.Field, what, aware string) {
	switch {
	case what == "a ClassLoader" && kp1005FromTCCL(f):
		p.ReportField(f, "static field %s keeps the thread context ClassLoader of whichever app first initializes the class: in a module that is usually the module's own loader, but if base code triggers the initialization the module keeps the base's or another app's loader%s", f.Name, aware)
	case what == "a ClassLoader":
		p.ReportField(f, "static field %s holds a ClassLoader: the class is private to this module, so no other app shares it; it pins the loader it holds if that is not the module's own (in a class the base shares, every app would load through it)%s", f.Name, aware)
	case strings.HasPrefix(what, "a Spring "):
		p.ReportField(f, "static field %s holds %s: the class is private to this module, so only this app's container writes it (in a class the base shares, each app's container would overwrite it)%s", f.Name, what, aware)
	default:
		p.ReportField(f, "static field %s holds %s: the class is private to this module, so the value is this app's own unless it came from the base or another app (in a class the base shares, it would pin the app that stored it)%s", f.Name, what, aware)
	}
}
