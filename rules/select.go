package rules

import (
	"fmt"
	"strings"
)

// Select returns the rules enabled by a spec: comma-separated items applied left to right, each
// an ID, slug, family or "all", optionally prefixed with "-" (disable) or "+" (enable). A spec
// that starts with an enabling item (no "-") begins from nothing; one that starts with "-" begins
// from all rules. An empty spec enables everything.
func Select(spec string) ([]*Meta, error) {
	all, err := Load()
	if err != nil {
		return nil, err
	}
	items := strings.FieldsFunc(spec, func(r rune) bool { return r == ',' || r == ' ' })
	on := map[string]bool{}
	if len(items) == 0 || strings.HasPrefix(items[0], "-") {
		for _, m := range all {
			on[m.ID] = true
		}
	}
	for _, it := range items {
		enable := !strings.HasPrefix(it, "-")
		key := strings.TrimLeft(it, "+-")
		matched := false
		for _, m := range all {
			if key == "all" || strings.EqualFold(key, m.ID) || key == m.Slug || key == m.Family {
				on[m.ID] = enable
				matched = true
			}
		}
		if !matched {
			return nil, fmt.Errorf("--rules: %q is not a rule ID, slug or family", key)
		}
	}
	var out []*Meta
	for _, m := range all {
		if on[m.ID] {
			out = append(out, m)
		}
	}
	return out, nil
}
