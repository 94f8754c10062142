package checks

import (
	"strings"

	"github.com/kompat/kompat/rules"
	"github.com/kompat/kompat/rules/analysis"
	"github.com/kompat/kompat/rules/ir"
)

func init() {
	rules.Register(&rules.Check{ID: "KP1003", Run: kp1003StaticCollectionMutated})
}

// kp1003Adders are the calls that add entries to a collection or map.
var kp1003Adders = map[string]bool{
	"put": true, "putIfAbsent": true, "putAll": true, "computeIfAbsent": true, "compute": true, "merge": true,
	"add": true, "addAll": true, "addFirst": true, "addLast": true, "addIfAbsent": true, "addAllAbsent": true,
	"offer": true, "offerFirst": true, "offerLast": true, "push": true, "setProperty": true,
}

// kp1003ArrayWriters are JDK calls that overwrite an array argument: owner#name -> argument index.
var kp1003ArrayWriters = map[string]int{
	"java.util.Arrays#fill": 0, "java.util.Arrays#setAll": 0, "java.util.Arrays#parallelSetAll": 0,
	"java.util.Arrays#sort": 0, "java.util.Arrays#parallelSort": 0, "java.util.Arrays#parallelPrefix": 0,
	"java.lang.System#arraycopy": 2,
}

// kp1003StaticCollectionMutated: a static final collection, map or array initialized with a
// mutable value and filled outside class initialization (ST-03). `final` fixes the reference, not
// the contents: entries from every app accumulate in one shared registry.
func kp1003StaticCollectionMutated(p *rules.Pass) {
	helpers := analysis.InitOnlyHelpers(p.File)
	for _, c := range p.File.Classes {
		for _, f := range c.Fields {
			if !f.Mods.Has(ir.Static) || !f.Mods.Has(ir.Final) || stIgnored(f) {
				continue
			}
			kind, ok := kp1003Kind(f.Type)
			if !ok || kp1003ImmutableInit(f) {
				continue
			}
			var where []string
			removed := false
			for _, k := range p.File.Classes {
				for _, m := range k.Methods {
					if analysis.IsInitOf(m, c.Name) || helpers[m] {
						continue
					}
					for _, op := range m.Ops {
						if op.Kind != ir.OpCall {
							continue
						}
						switch {
						case kind == "array":
							if i, ok := kp1003ArrayWriters[op.Owner+"#"+op.Name]; ok && i < len(op.Args) && analysis.RefersToField(m, op.Args[i], op.Index, c.Name, f.Name) {
								where = append(where, analysis.MethodLabel(m, c.Name))
							}
						case kp1003Adders[op.Name] && analysis.RefersToField(m, op.Recv, op.Index, c.Name, f.Name):
							where = append(where, analysis.MethodLabel(m, c.Name))
						case (op.Name == "remove" || op.Name == "clear") && analysis.RefersToField(m, op.Recv, op.Index, c.Name, f.Name):
							removed = true
						}
					}
				}
			}
			if len(where) == 0 {
				continue
			}
			if removed && kp1003LoaderKeyed(f.Type) {
				continue // partitioned per app and cleaned up: the recommended fix
			}
			p.ReportField(f, "static final %s %s is filled in %s: final fixes only the reference, so entries from every app that uses this class pile up in one shared %s (and keep their ClassLoaders alive)",
				kind, f.Name, analysis.JoinLabels(where), kind)
		}
	}
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

// kp1003ImmutableInit reports whether the field's initializer is an unmodifiable or fixed-size
// JDK collection (adding to it would throw, so nothing accumulates) or null.
func kp1003ImmutableInit(f *ir.Field) bool {
	_, op, v, ok := analysis.StaticInit(f)
	if !ok {
		return false
	}
	if v.Kind == ir.ValNull {
		return true
	}
	if op == nil || op.Kind != ir.OpCall {
		return false
	}
	switch op.Owner {
	case "java.util.Collections":
		return strings.HasPrefix(op.Name, "unmodifiable") || strings.HasPrefix(op.Name, "empty") || strings.HasPrefix(op.Name, "singleton")
	case "java.util.List", "java.util.Set", "java.util.Map":
		return op.Name == "of" || op.Name == "copyOf" || op.Name == "ofEntries"
	case "java.util.Arrays":
		return op.Name == "asList"
	}
	return false
}

// kp1003LoaderKeyed reports whether a map type is keyed by ClassLoader (the per-app partition).
func kp1003LoaderKeyed(t ir.Type) bool {
	return len(t.Args) > 0 && t.Args[0].Dims == 0 && t.Args[0].Name == "java.lang.ClassLoader"
}
