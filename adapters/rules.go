package adapters

import "github.com/kompat/kompat/rules"

// Side says which side of a Koupleless deployment an input is.
type Side string

// Sides.
const (
	SideBase   Side = "base"
	SideModule Side = "module"
)

func (s Side) rulesSide() rules.Side {
	if s == SideModule {
		return rules.SideModule
	}
	return rules.SideBase
}

// The rules this package reports; their metadata is rules/defs/KP4*.yaml and KP5*.yaml.
var (
	ruleBizJar      = rules.Get("KP4001")
	ruleBizManifest = rules.Get("KP4002")
	ruleSlim        = rules.Get("KP4003")
	ruleConflict    = rules.Get("KP4004")
	ruleSplit       = rules.Get("KP4005")
	ruleBaseOnly    = rules.Get("KP4006")
	ruleMissing     = rules.Get("KP5001")
	ruleMismatch    = rules.Get("KP5002")
	ruleMatched     = rules.Get("KP5003")
	ruleModuleLib   = rules.Get("KP5004")
)
