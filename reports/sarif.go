package reports

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

func init() {
	Register("sarif", func(WriterOptions) Writer { return sarifWriter{} })
}

// sarifWriter writes SARIF 2.1.0 as GitHub code scanning ingests it: one rule entry per rule,
// repo-relative URIs, startLine >= 1, partialFingerprints, suppressions and baselineState. A
// finding inside a jar gets a physical location on the outermost archive (line 1) and a logical
// location naming the class and member, so uploads are not rejected.
type sarifWriter struct{}

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool         `json:"tool"`
	Results     []sarifResult     `json:"results"`
	Invocations []sarifInvocation `json:"invocations"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name"`
	ShortDescription     sarifText      `json:"shortDescription"`
	FullDescription      sarifText      `json:"fullDescription"`
	Help                 sarifText      `json:"help"`
	DefaultConfiguration sarifConfig    `json:"defaultConfiguration"`
	Properties           map[string]any `json:"properties"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Suppressions        []sarifSupp       `json:"suppressions,omitempty"`
	BaselineState       string            `json:"baselineState,omitempty"`
	Properties          map[string]any    `json:"properties,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation *sarifPhysical `json:"physicalLocation,omitempty"`
	LogicalLocations []sarifLogical `json:"logicalLocations,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

type sarifLogical struct {
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

type sarifSupp struct {
	Kind          string `json:"kind"`
	Justification string `json:"justification,omitempty"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level      string          `json:"level"`
	Message    sarifText       `json:"message"`
	Locations  []sarifLocation `json:"locations,omitempty"`
	Descriptor struct {
		ID string `json:"id"`
	} `json:"descriptor"`
}

func sarifLevel(s Severity) string {
	switch {
	case s >= SeverityHigh:
		return "error"
	case s >= SeverityMedium:
		return "warning"
	}
	return "note"
}

// securitySeverity maps severities to GitHub's security-severity scores.
func securitySeverity(s Severity) string {
	return map[Severity]string{SeverityCritical: "9.5", SeverityHigh: "8.0", SeverityMedium: "5.5", SeverityLow: "3.0", SeverityInfo: "1.0"}[s]
}

// sarifURI turns a report path into a relative URI with forward slashes; for a path inside a
// jar chain it is the outermost archive.
func sarifURI(p string) string {
	if i := strings.Index(p, "!/"); i >= 0 {
		p = p[:i]
	}
	p = filepath.ToSlash(filepath.Clean(p))
	p = strings.TrimPrefix(p, "./")
	if filepath.IsAbs(p) {
		if wd, err := filepathAbsWD(); err == nil {
			if rel, err := filepath.Rel(wd, p); err == nil && !strings.HasPrefix(rel, "..") {
				return filepath.ToSlash(rel)
			}
		}
		return "file://" + p
	}
	return p
}

// filepathAbsWD is a var so tests can pin the working directory.
var filepathAbsWD = func() (string, error) { return filepath.Abs(".") }

func (sarifWriter) Write(w io.Writer, r *Report) error {
	index := map[string]int{}
	var rules []sarifRule
	add := func(ri RuleInfo) {
		if _, ok := index[ri.ID]; ok {
			return
		}
		index[ri.ID] = len(rules)
		help := ri.Fix
		if ri.Why != "" {
			help = ri.Why + "\n\nFix: " + ri.Fix
		}
		rules = append(rules, sarifRule{
			ID: ri.ID, Name: ri.Slug,
			ShortDescription:     sarifText{ri.Title},
			FullDescription:      sarifText{firstNonEmpty(ri.Why, ri.Title)},
			Help:                 sarifText{help},
			DefaultConfiguration: sarifConfig{Level: sarifLevel(ri.Severity)},
			Properties: map[string]any{"tags": []string{"koupleless", ri.Family}, "precision": precision(ri.Confidence),
				"security-severity": securitySeverity(ri.Severity)},
		})
	}
	for _, ri := range r.Rules {
		add(ri)
	}
	var results []sarifResult
	for _, f := range r.Findings {
		if _, ok := index[f.RuleID]; !ok {
			add(RuleInfo{ID: f.RuleID, Slug: f.Slug, Title: f.Slug, Family: f.Family, Severity: f.Severity, Confidence: f.Confidence, Fix: f.Fix})
		}
		line := f.Location.Line
		if line < 1 {
			line = 1
		}
		loc := sarifLocation{PhysicalLocation: &sarifPhysical{ArtifactLocation: sarifArtifact{URI: sarifURI(f.Location.Path)}, Region: sarifRegion{StartLine: line, StartColumn: f.Location.Col}}}
		if strings.Contains(f.Location.Path, "!/") {
			loc.PhysicalLocation.Region = sarifRegion{StartLine: 1}
		}
		if f.Location.Symbol != "" {
			loc.LogicalLocations = []sarifLogical{{FullyQualifiedName: f.Location.Symbol, Kind: logicalKind(f.Location.Symbol)}}
		}
		msg := f.Message
		if f.Fix != "" {
			msg += ". Fix: " + f.Fix
		}
		res := sarifResult{RuleID: f.RuleID, RuleIndex: index[f.RuleID], Level: sarifLevel(f.Severity), Message: sarifText{msg},
			Locations:           []sarifLocation{loc},
			PartialFingerprints: map[string]string{"kompat/v1": f.Fingerprint},
			BaselineState:       f.BaselineState,
		}
		if f.Suppression != nil {
			kind := "inSource"
			if f.Suppression.Kind == "external" {
				kind = "external"
			}
			res.Suppressions = []sarifSupp{{Kind: kind, Justification: f.Suppression.Reason}}
		}
		props := map[string]any{}
		if f.Location.Artifact != "" {
			props["artifact"] = f.Location.Artifact
			props["location"] = f.Location.Path
		}
		if len(f.Adapters) > 0 {
			var names []string
			for _, a := range f.Adapters {
				names = append(names, fmt.Sprintf("%s:%s:%s", a.GroupID, a.ArtifactID, a.Version))
			}
			props["adapters"] = names
		}
		if len(f.Evidence) > 0 {
			props["evidence"] = f.Evidence
		}
		if len(props) > 0 {
			res.Properties = props
		}
		results = append(results, res)
	}
	inv := sarifInvocation{ExecutionSuccessful: !r.HasErrors()}
	for _, n := range r.Notices {
		sn := sarifNotification{Level: map[string]string{NoticeError: "error", NoticeWarning: "warning", NoticeInfo: "note"}[n.Level], Message: sarifText{n.Message}}
		sn.Descriptor.ID = n.Code
		if n.Path != "" {
			line := n.Line
			if line < 1 {
				line = 1
			}
			sn.Locations = []sarifLocation{{PhysicalLocation: &sarifPhysical{ArtifactLocation: sarifArtifact{URI: sarifURI(n.Path)}, Region: sarifRegion{StartLine: line}}}}
		}
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sn)
	}
	if results == nil {
		results = []sarifResult{}
	}
	if rules == nil {
		rules = []sarifRule{}
	}
	log := sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs: []sarifRun{{
			Tool:        sarifTool{Driver: sarifDriver{Name: "kompat", Version: r.Version, InformationURI: "https://koupleless.io", Rules: rules}},
			Results:     results,
			Invocations: []sarifInvocation{inv},
		}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(log)
}

func precision(c Confidence) string {
	switch c {
	case ConfidenceHigh:
		return "high"
	case ConfidenceMedium:
		return "medium"
	}
	return "low"
}

func logicalKind(symbol string) string {
	switch {
	case strings.Contains(symbol, "#"):
		return "function"
	case strings.Contains(symbol, ":"):
		return "module"
	}
	return "type"
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if strings.TrimSpace(x) != "" {
			return x
		}
	}
	return ""
}
