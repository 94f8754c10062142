package harness

import (
	"slices"
	"testing"

	"github.com/kompat/kompat/rules"
)

// TestRuntimeVerdicts checks what the harness takes from rules/defs/KP8*.yaml: every runtime rule
// runs on the harness and is one a scenario may expect, and the verdicts that mean a cycle failed
// are the install, uninstall, reinstall, time-out and base-death verdicts.
func TestRuntimeVerdicts(t *testing.T) {
	emitted := []*rules.Meta{ruleLoaderRetained, ruleThreadSurvived, ruleMetaspaceGrows, ruleInstallFailed,
		ruleUninstallFailed, ruleReinstallFailed, ruleTimedOut, ruleTempDirLeft, ruleSysPropChanged,
		ruleShutdownHookLeft, ruleJDBCDriverLeft, ruleMBeanLeft, ruleThreadLocalLeft, ruleBaseDied}
	var failing []string
	for _, m := range rules.All() {
		if m.Family != "runtime" {
			if knownRule(m.ID) {
				t.Errorf("%s (%s) is not a runtime rule but a scenario may expect it", m.ID, m.Family)
			}
			continue
		}
		if !m.Runs(rules.FrontHarness) || !knownRule(m.ID) {
			t.Errorf("%s: a runtime rule must run on the harness", m.ID)
		}
		if !slices.Contains(emitted, m) {
			t.Errorf("%s (%s) is defined but the harness never emits it", m.ID, m.Slug)
		}
		if m.FailsCycle {
			failing = append(failing, m.ID)
		}
	}
	if want := []string{"KP8004", "KP8005", "KP8006", "KP8007", "KP8014"}; !slices.Equal(failing, want) {
		t.Errorf("fails-cycle verdicts %v, want %v", failing, want)
	}
	if knownRule("KP9802") || knownRule("KP1001") || knownRule("install-failed") {
		t.Error("knownRule accepts an ID the harness does not emit (or a slug)")
	}
}
