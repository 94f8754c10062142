package harness

import (
	"strings"
	"testing"

	"github.com/kompat/kompat/rules"
)

// TestRulesMatchDefinitions keeps the Go rule table in step with rules/defs/KP8*.yaml.
func TestRulesMatchDefinitions(t *testing.T) {
	metas, err := rules.Load()
	if err != nil && strings.Contains(err.Error(), "KP8") {
		t.Fatalf("KP8 definitions invalid: %v", err)
	}
	byID := map[string]*rules.Meta{}
	for _, m := range metas {
		byID[m.ID] = m
	}
	seen := map[string]bool{}
	for _, r := range Rules {
		if seen[r.ID] || seen[r.Slug] {
			t.Errorf("%s/%s used twice", r.ID, r.Slug)
		}
		seen[r.ID], seen[r.Slug] = true, true
		m := byID[r.ID]
		if m == nil {
			t.Errorf("%s has no rules/defs/%s-%s.yaml", r.ID, r.ID, r.Slug)
			continue
		}
		if m.Slug != r.Slug || m.Title != r.Title || m.Family != "runtime" || m.Severity.Module != r.Severity ||
			m.Confidence != r.Confidence || !m.Runs(rules.FrontHarness) {
			t.Errorf("%s: Go table %+v differs from YAML %+v", r.ID, r, m)
		}
		if info := r.Info(); info.Why == "" || info.Fix == "" {
			t.Errorf("%s: rule info lacks why or fix", r.ID)
		}
	}
	for id, m := range byID {
		if strings.HasPrefix(id, "KP8") && !seen[id] {
			t.Errorf("%s (%s) is defined but the harness never emits it", id, m.Slug)
		}
	}
}
