package checks

import (
	"fmt"
	"strings"

	"github.com/kompat/kompat/reports"
	"github.com/kompat/kompat/rules"
	"github.com/kompat/kompat/rules/analysis"
	"github.com/kompat/kompat/rules/ir"
	"github.com/kompat/kompat/rules/program"
)

func init() {
	rules.Register(&rules.Check{ID: "KP1003", Run: kp1003StaticCollectionMutated, Judges: true})
}

// kp1003StaticCollectionMutated: a static final collection, map or array initialized with a
// mutable value and filled outside class initialization (ST-03). `final` fixes the reference, not
// the contents: entries from every app accumulate in one shared registry.
func kp1003StaticCollectionMutated(p *rules.Pass) {
	for _, c := range p.File.Classes {
		for _, f := range c.Fields {
			if !f.Mods.Has(ir.Static) || !f.Mods.Has(ir.Final) || stIgnored(f) {
				continue
			}
			kind, ok := kp1003Kind(f.Type)
			if !ok || analysis.ImmutableInit(f) || analysis.ReferenceCache(f) {
				continue
			}
			u := analysis.UseOfCollection(p.File, c.Name, f.Name, kind == "array")
			if len(u.Fillers) == 0 {
				continue
			}
			var where []string
			for _, m := range u.Fillers {
				where = append(where, analysis.MethodLabel(m, c.Name))
			}
			if u.Removed && kp1003LoaderKeyed(f.Type) {
				continue // partitioned per app and cleaned up: the recommended fix
			}
			if u.Removed {
				p.ReportFieldAtMost(reports.SeverityLow, f, "static final %s %s is filled in %s and entries are also removed or cleared in this class: check that an app's entries go when it is uninstalled (%s)",
					kind, f.Name, analysis.JoinLabels(where), kp1003Shared(p.Side, kind))
				p.FixLast("Make sure the removal runs for an app's entries when it is uninstalled (a context-closed listener, or key the entries by the app's ClassLoader), or hold them weakly.")
				continue
			}
			if kp1003ValuesOnly(f.Type) {
				// Strings and boxed numbers pin no ClassLoader: what is left is shared, growing data
				p.ReportFieldAtMost(reports.SeverityMedium, f, "static final %s %s is filled in %s: final fixes only the reference, so %s",
					kind, f.Name, analysis.JoinLabels(where), kp1003SharedValues(p.Side, kind))
				p.FixLast("If the entries are a pure function of their keys (a memo of names), nothing needs to change beyond a size bound; if they are one app's data, key them by the app's ClassLoader and remove them when it stops.")
				continue
			}
			p.ReportField(f, "static final %s %s is filled in %s: final fixes only the reference, so %s",
				kind, f.Name, analysis.JoinLabels(where), kp1003Shared(p.Side, kind))
			// entries of key/value classes that hold classes and loaders only weakly (jakarta.el's
			// ExpressionFactory cache) pin nothing: the whole program tells, since those classes
			// may be in other files (in bytecode a nested class is a class file of its own)
			if elems := kp1003ElementClasses(f.Type); len(elems) > 0 {
				side, name, label := p.Side, f.Name, analysis.JoinLabels(where)
				p.JudgeLast(func(prog *program.Program, fd *reports.Finding) bool {
					for _, e := range elems {
						if weak, known := prog.HoldsWeakly(e); !weak || !known {
							return true
						}
					}
					if fd.Severity > reports.SeverityMedium {
						fd.Severity = reports.SeverityMedium
					}
					fd.Message = fmt.Sprintf(kp1003WeakMessage, kind, name, label, kp1003Stale(side))
					fd.Fix = kp1003WeakFix
					return true
				})
			}
		}
	}
}

// kp1003Shared says who shares the collection, for the side the code is on.
func kp1003Shared(side rules.Side, kind string) string {
	if side == rules.SideModule {
		return "entries accumulate for the life of this module (the class is private to it; in a class the base shares, every app's entries would pile up in one " + kind + " and keep their ClassLoaders alive)"
	}
	return "entries from every app that uses this class pile up in one shared " + kind + " (and keep their ClassLoaders alive)"
}

// kp1003SharedValues is kp1003Shared for entries that are plain values.
func kp1003SharedValues(side rules.Side, kind string) string {
	if side == rules.SideModule {
		return "entries accumulate for the life of this module; they are plain values (strings, numbers) that pin no ClassLoader"
	}
	return "entries from every app that uses this class pile up in one shared " + kind + "; they are plain values (strings, numbers) that pin no ClassLoader, but every app reads and grows the same entries"
}

// The lesser form for entries that hold classes and loaders only weakly: kind, field, fillers,
// what stays (kp1003Stale).
const (
	kp1003WeakMessage = "static final %s %s is filled in %s: its entries hold classes and ClassLoaders only through weak or soft references, so they pin no app, but %s"
	kp1003WeakFix     = "Nothing pins an app; to keep the map from growing with every app installed, drop entries whose references were cleared (or key the map by the app's ClassLoader in a WeakHashMap)."
)

// kp1003Stale says what is left of an uninstalled app's entries, for the side.
func kp1003Stale(side rules.Side) string {
	if side == rules.SideModule {
		return "entries accumulate for the life of this module"
	}
	return "every app's entries stay in the one shared map after the app is gone"
}

// kp1003ValuesOnly reports a collection or array type whose elements (every type argument, at
// every level) are JDK value types: strings, boxed primitives, primitives.
func kp1003ValuesOnly(t ir.Type) bool {
	if t.Dims > 0 {
		return kp1003Value(ir.Type{Name: t.Name})
	}
	if len(t.Args) == 0 {
		return false // a raw type: the elements are unknown
	}
	for _, a := range t.Args {
		if a.Dims == 0 && len(a.Args) > 0 {
			if _, ok := kp1003Kind(a); ok && kp1003ValuesOnly(a) {
				continue
			}
			return false
		}
		if a.Dims > 0 || !kp1003Value(a) {
			return false
		}
	}
	return true
}

// kp1003ElementClasses returns the element types of a collection type that are not values: the
// classes whose instances its entries are.
func kp1003ElementClasses(t ir.Type) []string {
	if t.Dims > 0 {
		return []string{t.Name}
	}
	var out []string
	for _, a := range t.Args {
		if a.Dims == 0 && len(a.Args) > 0 {
			if _, ok := kp1003Kind(a); ok {
				out = append(out, kp1003ElementClasses(a)...)
				continue
			}
			return nil // a generic class of its own: judged as unknown
		}
		if a.Dims > 0 || a.Wildcard || a.Name == "" {
			return nil
		}
		if !kp1003Value(a) {
			out = append(out, a.Name)
		}
	}
	return out
}
func kp1003Value(t ir.Type) bool {
	return !t.Wildcard && len(t.Args) == 0 && program.ValueType(t.Name)
}

// kp1003Kind classifies a field type as a mutable JDK collection ("map", "list", "set", "queue",
// "collection") or an array.
func kp1003Kind(t ir.Type) (string, bool) {
	if t.Dims > 0 {
		return "array", true
	}
	pkg, name := analysis.SplitPackage(t.Name)
	if pkg != "java.util" && pkg != "java.util.concurrent" || strings.Contains(name, "$") {
		return "", false
	}
	switch {
	case strings.HasSuffix(name, "Map"), name == "Hashtable", name == "Properties", name == "Dictionary":
		return "map", true
	case strings.HasSuffix(name, "List"), name == "Vector", name == "Stack":
		return "list", true
	case strings.HasSuffix(name, "Set") && name != "BitSet":
		return "set", true
	case strings.HasSuffix(name, "Queue"), strings.HasSuffix(name, "Deque"):
		return "queue", true
	case name == "Collection":
		return "collection", true
	}
	return "", false
}

// kp1003LoaderKeyed reports whether a map type is keyed by ClassLoader (the per-app partition).
func kp1003LoaderKeyed(t ir.Type) bool {
	return len(t.Args) > 0 && t.Args[0].Dims == 0 && t.Args[0].Name == "java.lang.ClassLoader"
}
