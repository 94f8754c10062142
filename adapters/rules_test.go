package adapters

import (
	"slices"
	"testing"

	"github.com/kompat/kompat/rules"
)

// TestRuleDefs checks that every rule defined for the adapters frontend (rules/defs/KP4*.yaml,
// KP5*.yaml) is one this package reports, and that it reports nothing else.
func TestRuleDefs(t *testing.T) {
	emitted := []*rules.Meta{ruleBizJar, ruleBizManifest, ruleSlim, ruleConflict, ruleSplit, ruleBaseOnly,
		ruleMissing, ruleMismatch, ruleMatched, ruleModuleLib}
	for _, m := range emitted {
		if !m.Runs(rules.FrontAdapters) {
			t.Errorf("%s is reported by kompat adapters but its definition lacks frontend adapters", m.ID)
		}
	}
	for _, m := range rules.All() {
		if m.Runs(rules.FrontAdapters) && !slices.Contains(emitted, m) {
			t.Errorf("%s (%s) is defined for the adapters frontend but this package never reports it", m.ID, m.Slug)
		}
	}
}
