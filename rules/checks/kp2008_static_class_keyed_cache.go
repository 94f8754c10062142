package checks

import (
	"strings"

	"github.com/kompat/kompat/reports"
	"github.com/kompat/kompat/rules"
	"github.com/kompat/kompat/rules/analysis"
	"github.com/kompat/kompat/rules/ir"
)

func init() { rules.Register(&rules.Check{ID: "KP2008", Run: staticClassKeyedCache}) }

// pinningTypes are key or value types that keep a ClassLoader reachable.
var pinningTypes = map[string]bool{
	"java.lang.Class": true, "java.lang.ClassLoader": true,
	"java.lang.reflect.Method": true, "java.lang.reflect.Field": true, "java.lang.reflect.Constructor": true,
}

// removals are the calls that take entries out of a map.
var removals = []string{"remove", "clear", "removeIf", "compute", "computeIfPresent", "replaceAll", "retainAll"}

// staticClassKeyedCache: a static Map field whose generic key or value type is Class, ClassLoader
// or a reflection member (or Map<String, Class>) with no removal call on it anywhere in the file,
// and that is not a WeakHashMap.
func staticClassKeyedCache(p *rules.Pass) {
	for _, c := range p.File.Classes {
		for _, f := range c.Fields {
			if !f.Mods.Has(ir.Static) || f.Mods.Has(ir.Synthetic) || !isMapType(f.Type) {
				continue
			}
			key, val, ok := mapArgs(f)
			if !ok {
				continue
			}
			var what string
			switch {
			case pinningTypes[key.Name]:
				what = "keyed by " + ir.SimpleName(key.Name)
			case pinningTypes[val.Name]:
				what = "holding " + ir.SimpleName(val.Name) + " values"
			default:
				continue
			}
			if weakKeyed(f) || analysis.ImmutableInit(f) {
				continue
			}
			if analysis.ReferenceCache(f) && !(isWeakHashMap(f) && pinningTypes[val.Name]) {
				continue // soft or weak entries: the collector drops an uninstalled app's
			}
			u := analysis.UseOfCollection(p.File, c.Name, f.Name, false)
			initOnly := len(u.Fillers) == 0 && (f.Mods.Has(ir.Final) || !analysis.WrittenAfterInit(f))
			if initOnly && f.Mods.Has(ir.Private) {
				continue // private and filled only during class initialization: a fixed set
			}
			removed := false
			for _, s := range p.FieldUses(c.Name, f.Name) {
				if s.Op.Kind == ir.OpCall && inList(removals, s.Op.Name) {
					removed = true
				}
			}
			if !removed {
				removed = removedViaLocal(p.File, c, f) || u.Removed
			}
			if removed {
				continue
			}
			if initOnly {
				// filled only during class initialization here (jackson's fallback tables), but
				// code elsewhere may add to it
				p.ReportFieldAtMost(reports.SeverityMedium, f, "static map %s is %s and filled only during class initialization in this class, but it is not private: code elsewhere may add entries, and nothing removes them", f.Name, what)
				p.FixLast("Make the map private and unmodifiable (Map.copyOf or Collections.unmodifiableMap), so it stays the fixed set class initialization filled.")
				continue
			}
			if p.Side == rules.SideModule {
				p.ReportField(f, "static map %s is %s and nothing ever removes an entry: it keeps every class it has seen reachable for the life of this module (in a class the base shares, it would pin every app's ClassLoader it has seen)", f.Name, what)
				continue
			}
			p.ReportField(f, "static map %s is %s and nothing ever removes an entry: it pins every app's ClassLoader it has seen", f.Name, what)
		}
	}
}

func isMapType(t ir.Type) bool {
	if t.Dims > 0 {
		return false
	}
	n := t.Name
	return strings.HasPrefix(n, "java.util.") && strings.HasSuffix(n, "Map")
}

// mapArgs returns the key and value types from the field's generic arguments, or from the
// initializer's (a diamond leaves them on the declaration).
func mapArgs(f *ir.Field) (ir.Type, ir.Type, bool) {
	if len(f.Type.Args) == 2 {
		return f.Type.Args[0], f.Type.Args[1], true
	}
	return ir.Type{}, ir.Type{}, false
}

func weakKeyed(f *ir.Field) bool {
	if f.Type.Name == "java.util.WeakHashMap" {
		return true
	}
	return f.InitOp != nil && f.InitOp.Kind == ir.OpNew && f.InitOp.Owner == "java.util.WeakHashMap" && len(f.Type.Args) == 2 && f.Type.Args[1].Name != "java.lang.Class"
}

// removedViaLocal catches `Map<..> m = CACHE; m.remove(k)`.
func removedViaLocal(file *ir.File, c *ir.Class, f *ir.Field) bool {
	for _, k := range file.Classes {
		for _, m := range k.Methods {
			for _, op := range m.Ops {
				if op.Kind == ir.OpCall && inList(removals, op.Name) && analysis.RefersToField(m, op.Recv, op.Index, c.Name, f.Name) {
					return true
				}
			}
		}
	}
	return false
}

func inList(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func isWeakHashMap(f *ir.Field) bool {
	return f.Type.Name == "java.util.WeakHashMap" || f.InitOp != nil && f.InitOp.Owner == "java.util.WeakHashMap"
}
