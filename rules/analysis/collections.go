package analysis

import (
	"strings"

	"github.com/kompat/kompat/rules/ir"
)

// Helpers for the static collection and cache rules (KP1003, KP2008).

// collectionAdders are the calls that add entries to a collection or map.
var collectionAdders = map[string]bool{
	"put": true, "putIfAbsent": true, "putAll": true, "computeIfAbsent": true, "compute": true, "merge": true,
	"add": true, "addAll": true, "addFirst": true, "addLast": true, "addIfAbsent": true, "addAllAbsent": true,
	"offer": true, "offerFirst": true, "offerLast": true, "push": true, "setProperty": true,
}

// collectionRemovers are the calls that take entries out of a collection, a map or one of its views.
var collectionRemovers = map[string]bool{
	"remove": true, "clear": true, "removeIf": true, "removeAll": true, "retainAll": true, "computeIfPresent": true,
	"replaceAll": true, "poll": true, "pollFirst": true, "pollLast": true, "pop": true, "removeFirst": true, "removeLast": true,
}

// collectionViews are the calls whose result is a live view of the collection: removing through
// it removes from the collection.
var collectionViews = map[string]bool{
	"keySet": true, "values": true, "entrySet": true, "iterator": true, "listIterator": true,
	"descendingIterator": true, "navigableKeySet": true, "descendingKeySet": true, "descendingMap": true,
	"headMap": true, "tailMap": true, "subMap": true, "headSet": true, "tailSet": true, "subSet": true,
}

// arrayWriters are JDK calls that overwrite an array argument: owner#name -> argument index.
var arrayWriters = map[string]int{
	"java.util.Arrays#fill": 0, "java.util.Arrays#setAll": 0, "java.util.Arrays#parallelSetAll": 0,
	"java.util.Arrays#sort": 0, "java.util.Arrays#parallelSort": 0, "java.util.Arrays#parallelPrefix": 0,
	"java.lang.System#arraycopy": 2,
}

// CollectionUse is how the code of a file uses a static collection, map or array field.
type CollectionUse struct {
	Fillers []*ir.Method // methods other than class initialization that add entries (or write the array)
	Removed bool         // some method removes entries: on the field, a view of it or an iterator
}

// UseOfCollection walks the file for what adds to and removes from the static field owner.name
// outside its class's static initializer and the helpers only initialization runs.
func UseOfCollection(f *ir.File, owner, name string, array bool) CollectionUse {
	var u CollectionUse
	helpers := InitOnlyHelpers(f)
	for _, k := range f.Classes {
		for _, m := range k.Methods {
			init := IsInitOf(m, owner) || helpers[m]
			filled := false
			for _, op := range m.Ops {
				if op.Kind != ir.OpCall {
					continue
				}
				switch {
				case array:
					if i, ok := arrayWriters[op.Owner+"#"+op.Name]; ok && i < len(op.Args) && RefersToField(m, op.Args[i], op.Index, owner, name) {
						filled = true
					}
				case collectionAdders[op.Name] && RefersToField(m, op.Recv, op.Index, owner, name):
					filled = true
				case collectionRemovers[op.Name] && viewOfField(m, op.Recv, op.Index, owner, name, 0):
					u.Removed = true
				}
			}
			if filled && !init {
				u.Fillers = append(u.Fillers, m)
			}
		}
	}
	return u
}

// viewOfField: the value is the field, or a view or iterator of it (CACHE.keySet(),
// CACHE.entrySet().iterator()), read directly or through locals.
func viewOfField(m *ir.Method, v ir.Value, before int, owner, name string, depth int) bool {
	if RefersToField(m, v, before, owner, name) {
		return true
	}
	if depth > 4 || (v.Kind != ir.ValLocal && v.Kind != ir.ValResult) {
		return false
	}
	op, _ := m.Origin(v, before)
	if op == nil || op.Kind != ir.OpCall || !collectionViews[op.Name] {
		return false
	}
	return viewOfField(m, op.Recv, op.Index, owner, name, depth+1)
}

// ImmutableInit reports whether the static field's initializer is an unmodifiable or fixed-size
// JDK collection (adding to it would throw, so nothing accumulates) or null.
func ImmutableInit(f *ir.Field) bool {
	_, op, v, ok := StaticInit(f)
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
	case "java.util.List", "java.util.Set", "java.util.Map", "java.util.EnumSet":
		return op.Name == "of" || op.Name == "copyOf" || op.Name == "ofEntries"
	case "java.util.Arrays":
		return op.Name == "asList"
	}
	return false
}

// ReferenceCache reports whether a static field holds its entries weakly or softly: a
// WeakHashMap, a map or cache type named for weak, soft or reference entries (a
// ConcurrentReferenceHashMap, a WeakCache), a java.lang.ref reference or a ClassValue. The
// garbage collector drops an uninstalled app's entries, so the cache does not pin its loader.
func ReferenceCache(f *ir.Field) bool {
	if refType(f.Type.Name) {
		return true
	}
	m, op, _, ok := StaticInit(f)
	if ok && op != nil && (op.Kind == ir.OpNew || op.Kind == ir.OpCall) && refType(op.Owner) {
		return true
	}
	// a JDK wrapper over a reference map: Collections.newSetFromMap(new WeakHashMap<>()),
	// Collections.synchronizedMap(new ConcurrentReferenceHashMap<>())
	if ok && op != nil && op.Kind == ir.OpCall && op.Owner == "java.util.Collections" && len(op.Args) == 1 {
		if in, _ := m.Origin(op.Args[0], op.Index); in != nil && in.Kind == ir.OpNew && refType(in.Owner) {
			return true
		}
	}
	return f.InitOp != nil && f.InitOp.Kind == ir.OpNew && refType(f.InitOp.Owner)
}

func refType(fqn string) bool {
	if fqn == "" {
		return false
	}
	if strings.HasPrefix(fqn, "java.lang.ref.") || fqn == "java.lang.ClassValue" {
		return true
	}
	s := ir.SimpleName(fqn)
	return strings.Contains(s, "Weak") || strings.Contains(s, "Soft") || strings.HasSuffix(s, "ClassValue") ||
		strings.Contains(s, "Reference") && (strings.HasSuffix(s, "Map") || strings.HasSuffix(s, "Cache"))
}
