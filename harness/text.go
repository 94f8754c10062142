package harness

import (
	"sort"
	"strings"
)

// outerClass maps a nested, anonymous, lambda or hidden class name to its top-level class:
// "a.B$C", "a.B$1" and "a.B$$Lambda$55/0x..." all give "a.B".
func outerClass(name string) string {
	if i := strings.IndexByte(name, '/'); i >= 0 {
		name = name[:i]
	}
	if i := strings.IndexByte(name, '$'); i >= 0 {
		name = name[:i]
	}
	return name
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
