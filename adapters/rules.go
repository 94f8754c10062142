package adapters

import "github.com/kompat/kompat/reports"

// Side says which side of a Koupleless deployment an input is.
type Side string

// Sides.
const (
	SideBase   Side = "base"
	SideModule Side = "module"
)

// ruleMeta mirrors the documentation in rules/defs/KP4*.yaml and KP5*.yaml (a test keeps them equal).
type ruleMeta struct {
	ID, Slug, Title, Family string
	Base, Module            reports.Severity
	Confidence              reports.Confidence
	Why                     string
}

func (m ruleMeta) severity(s Side) reports.Severity {
	if s == SideModule {
		return m.Module
	}
	return m.Base
}

func (m ruleMeta) info(s Side) reports.RuleInfo {
	return reports.RuleInfo{ID: m.ID, Slug: m.Slug, Title: m.Title, Family: m.Family, Severity: m.severity(s),
		Confidence: m.Confidence, Why: m.Why}
}

// The rules this package reports.
var (
	ruleBizJar = ruleMeta{ID: "KP4001", Slug: "ark-biz-mark-missing", Title: "Module jar is not an ark-biz jar (the mark entry is missing)",
		Family: "packaging", Base: reports.SeverityHigh, Module: reports.SeverityHigh, Confidence: reports.ConfidenceHigh,
		Why: "SOFAArk refuses to install an archive without com/alipay/sofa/ark/biz/mark (\"Archive must be a ark biz!\")."}
	ruleBizManifest = ruleMeta{ID: "KP4002", Slug: "ark-biz-manifest-incomplete", Title: "Ark-biz manifest lacks Ark-Biz-Name, Ark-Biz-Version or a main class",
		Family: "packaging", Base: reports.SeverityHigh, Module: reports.SeverityHigh, Confidence: reports.ConfidenceHigh,
		Why: "The biz name and version identify the module in the base; without them install fails or the module cannot be addressed."}
	ruleSlim = ruleMeta{ID: "KP4003", Slug: "module-ships-base-jar", Title: "Module ships a jar the base already provides",
		Family: "packaging", Base: reports.SeverityLow, Module: reports.SeverityLow, Confidence: reports.ConfidenceHigh,
		Why: "A jar packed into the module is loaded again by the module's classloader: more Metaspace per install and a second copy of every class."}
	ruleConflict = ruleMeta{ID: "KP4004", Slug: "module-base-version-conflict", Title: "Module and base carry different versions of the same library",
		Family: "packaging", Base: reports.SeverityMedium, Module: reports.SeverityMedium, Confidence: reports.ConfidenceMedium,
		Why: "The module's copy shadows the base's; objects passed between them meet two versions of the same classes."}
	ruleSplit = ruleMeta{ID: "KP4005", Slug: "duplicate-class-split-identity", Title: "Same class in both base and module (split identity)",
		Family: "packaging", Base: reports.SeverityMedium, Module: reports.SeverityMedium, Confidence: reports.ConfidenceMedium,
		Why: "A class loaded by both loaders is two classes: casts, instanceof, enum identity and static state diverge across the boundary."}
	ruleBaseOnly = ruleMeta{ID: "KP4006", Slug: "module-ships-base-only-jar", Title: "Module ships a jar that must come from the base",
		Family: "packaging", Base: reports.SeverityHigh, Module: reports.SeverityHigh, Confidence: reports.ConfidenceHigh,
		Why: "Ark container, Koupleless runtime and adapter jars work only as the base's single copy; a module copy breaks delegation."}
	ruleMissing = ruleMeta{ID: "KP5001", Slug: "adapter-missing", Title: "Library needs a Koupleless adapter the base lacks",
		Family: "adapters", Base: reports.SeverityHigh, Module: reports.SeverityMedium, Confidence: reports.ConfidenceHigh,
		Why: "The library misbehaves when several apps share one JVM; the adapter replaces the affected classes under the same names."}
	ruleMismatch = ruleMeta{ID: "KP5002", Slug: "adapter-range-mismatch", Title: "Adapter present for a library version the base does not have",
		Family: "adapters", Base: reports.SeverityMedium, Module: reports.SeverityMedium, Confidence: reports.ConfidenceHigh,
		Why: "An adapter's patched classes are copies of one version range of the library; on another version they replace classes with mismatching code."}
	ruleMatched = ruleMeta{ID: "KP5003", Slug: "adapter-applied", Title: "Library matched by an adapter the base has",
		Family: "adapters", Base: reports.SeverityInfo, Module: reports.SeverityInfo, Confidence: reports.ConfidenceHigh,
		Why: "Inventory: the adapter that patches this library is present or is added by the build plugin."}
	ruleModuleLib = ruleMeta{ID: "KP5004", Slug: "module-ships-adapted-library", Title: "Module packs its own copy of a library an adapter patches",
		Family: "adapters", Base: reports.SeverityMedium, Module: reports.SeverityMedium, Confidence: reports.ConfidenceMedium,
		Why: "Adapters patch the base's copy; a module that packs the library loads its own unpatched classes first."}
)

var allRules = []ruleMeta{ruleBizJar, ruleBizManifest, ruleSlim, ruleConflict, ruleSplit, ruleBaseOnly, ruleMissing, ruleMismatch, ruleMatched, ruleModuleLib}
