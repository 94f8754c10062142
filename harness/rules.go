package harness

import "github.com/kompat/kompat/rules"

// The runtime verdicts (rules/defs/KP8*.yaml): the harness takes each rule's metadata from its
// definition and builds findings with rules.Meta.NewFinding.
var (
	ruleLoaderRetained   = rules.Get("KP8001")
	ruleThreadSurvived   = rules.Get("KP8002")
	ruleMetaspaceGrows   = rules.Get("KP8003")
	ruleInstallFailed    = rules.Get("KP8004")
	ruleUninstallFailed  = rules.Get("KP8005")
	ruleReinstallFailed  = rules.Get("KP8006")
	ruleTimedOut         = rules.Get("KP8007")
	ruleTempDirLeft      = rules.Get("KP8008")
	ruleSysPropChanged   = rules.Get("KP8009")
	ruleShutdownHookLeft = rules.Get("KP8010")
	ruleJDBCDriverLeft   = rules.Get("KP8011")
	ruleMBeanLeft        = rules.Get("KP8012")
	ruleThreadLocalLeft  = rules.Get("KP8013")
	ruleBaseDied         = rules.Get("KP8014")
)

// harnessRule returns the runtime verdict with this ID, or nil when the harness emits no such rule.
func harnessRule(id string) *rules.Meta {
	m := rules.Lookup(id)
	if m == nil || m.ID != id || !m.Runs(rules.FrontHarness) {
		return nil
	}
	return m
}
