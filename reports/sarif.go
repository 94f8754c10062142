package reports

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

func init() {
	Register("sarif", func(o WriterOptions) Writer { return sarifWriter{opts: o} })
}

// sarifWriter writes SARIF 2.1.0 as GitHub code scanning ingests it: one rule entry per rule with
// help text in markdown, URIs relative to %SRCROOT% (the report root), percent-encoded, regions in
// UTF-16 code units, a level and security-severity from each result's own severity, and
// partialFingerprints that differ per finding. A bytecode finding points at the source file its
// class was compiled from when that file is in the tree, else at the outermost archive (line 1)
// with a logical location naming the class and member. Suppressed and baselined results are left
// out unless WriterOptions.IncludeSuppressed.
type sarifWriter struct{ opts WriterOptions }

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                `json:"tool"`
	AutomationDetails  *sarifAutomation         `json:"automationDetails,omitempty"`
	OriginalURIBaseIDs map[string]sarifArtifact `json:"originalUriBaseIds,omitempty"`
	ColumnKind         string                   `json:"columnKind"`
	Results            []sarifResult            `json:"results"`
	Invocations        []sarifInvocation        `json:"invocations"`
}

type sarifAutomation struct {
	ID string `json:"id"`
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
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name"`
	ShortDescription     sarifText      `json:"shortDescription"`
	FullDescription      sarifText      `json:"fullDescription"`
	Help                 sarifText      `json:"help"`
	HelpURI              string         `json:"helpUri,omitempty"`
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
	RelatedLocations    []sarifLocation   `json:"relatedLocations,omitempty"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Suppressions        []sarifSupp       `json:"suppressions,omitempty"`
	BaselineState       string            `json:"baselineState,omitempty"`
	Properties          map[string]any    `json:"properties,omitempty"`
}

type sarifLocation struct {
	ID               int            `json:"id,omitempty"`
	PhysicalLocation *sarifPhysical `json:"physicalLocation,omitempty"`
	LogicalLocations []sarifLogical `json:"logicalLocations,omitempty"`
	Message          *sarifText     `json:"message,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
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

// srcRoot is the uriBaseId of every root-relative URI.
const srcRoot = "%SRCROOT%"

func sarifLevel(s Severity) string {
	switch {
	case s >= SeverityHigh:
		return "error"
	case s >= SeverityMedium:
		return "warning"
	}
	return "note"
}

// securitySeverity maps severities to GitHub's security-severity scores (critical > 9.0,
// high 7.0-8.9, medium 4.0-6.9, low 0.1-3.9).
func securitySeverity(s Severity) string {
	return map[Severity]string{SeverityCritical: "9.5", SeverityHigh: "8.0", SeverityMedium: "5.5", SeverityLow: "3.0", SeverityInfo: "1.0"}[s]
}

// uriEscape percent-encodes a slash path for a URI: every byte but the unreserved characters and
// "/" (so spaces, "#", "%", ":" and non-ASCII names survive).
func uriEscape(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '.', c == '_', c == '~', c == '/':
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// artifactFor is the artifact location of a report path: root-relative with %SRCROOT%, or an
// absolute file URI for a path outside the root.
func artifactFor(p string) sarifArtifact {
	p = filepath.ToSlash(OuterPath(p))
	if strings.HasPrefix(p, "/") || filepath.IsAbs(p) {
		return sarifArtifact{URI: "file://" + uriEscape(p)}
	}
	return sarifArtifact{URI: uriEscape(strings.TrimPrefix(p, "./")), URIBaseID: srcRoot}
}

// sarifCtx carries what resolving locations needs: the source lines and the source index.
type sarifCtx struct {
	src *sources
	idx *sourceIndex
}

// region is the full region of a location in a readable source file, in UTF-16 columns.
func (c *sarifCtx) region(path string, l Location) *sarifRegion {
	line := l.Line
	if line < 1 {
		line = 1
	}
	reg := &sarifRegion{StartLine: line}
	text := c.src.line(path, line)
	if text == nil {
		if l.Col > 0 {
			reg.StartColumn = l.Col
		}
		return reg
	}
	col := l.Col
	if col < 1 {
		col = len(text) - len(strings.TrimLeft(string(text), " \t")) + 1
	}
	reg.StartColumn = utf16Col(text, col)
	endLine, endCol := l.EndLine, l.EndCol
	if endLine < line {
		endLine = line
	}
	endText := c.src.line(path, endLine)
	if endText == nil {
		endLine, endText = line, text
	}
	if endCol < 1 || (endLine == line && endCol <= col) {
		endCol = lineEndCol(endText)
	}
	reg.EndLine = endLine
	reg.EndColumn = utf16Col(endText, endCol)
	if reg.EndLine == reg.StartLine && reg.EndColumn <= reg.StartColumn {
		reg.EndColumn = reg.StartColumn + 1
	}
	return reg
}

// sourceOf is the root-relative source file of a class-file location, "" when the tree lacks it.
func (c *sarifCtx) sourceOf(l Location) string {
	p := l.Path
	entry := p
	if i := strings.LastIndex(p, "!/"); i >= 0 {
		entry = p[i+2:]
	}
	rel := classSource(entry)
	if rel == "" {
		return ""
	}
	// The package comes from the symbol (com.acme.Foo#m, com.acme.Foo.F): the segments before the
	// class's simple name. A loose class file's path holds output directories before the package.
	base := strings.TrimSuffix(filepath.Base(rel), ".java")
	sym, _, _ := strings.Cut(l.Symbol, "#")
	segs := strings.Split(sym, ".")
	for i, s := range segs {
		if s == base || strings.HasPrefix(s, base+"$") {
			rel = strings.Join(append(append([]string{}, segs[:i]...), base+".java"), "/")
			break
		}
	}
	if got := c.idx.find(rel); got != "" && c.src.exists(got) {
		return got
	}
	return ""
}

// location resolves a report location into a SARIF one.
func (c *sarifCtx) location(l Location, snippet string) sarifLocation {
	var loc sarifLocation
	path := l.Path
	isClass := strings.HasSuffix(path, ".class") || strings.Contains(path, "!/")
	if isClass {
		if src := c.sourceOf(l); src != "" {
			loc.PhysicalLocation = &sarifPhysical{ArtifactLocation: artifactFor(src), Region: c.region(src, l)}
		} else {
			loc.PhysicalLocation = &sarifPhysical{ArtifactLocation: artifactFor(path), Region: &sarifRegion{StartLine: 1}}
		}
	} else if path != "" {
		loc.PhysicalLocation = &sarifPhysical{ArtifactLocation: artifactFor(path), Region: c.region(path, l)}
	}
	if l.Symbol != "" {
		loc.LogicalLocations = []sarifLogical{{FullyQualifiedName: l.Symbol, Kind: logicalKind(l.Symbol, snippet)}}
	}
	return loc
}

func (s sarifWriter) Write(w io.Writer, r *Report) error {
	c := &sarifCtx{src: newSources(r), idx: &sourceIndex{root: r.Root}}
	var kept []*Finding
	worst := map[string]Severity{}
	for i := range r.Findings {
		f := &r.Findings[i]
		if !f.Counts() && !s.opts.IncludeSuppressed {
			continue
		}
		kept = append(kept, f)
		if f.Severity > worst[f.RuleID] {
			worst[f.RuleID] = f.Severity
		}
	}
	index := map[string]int{}
	var rules []sarifRule
	add := func(ri RuleInfo) {
		if _, ok := index[ri.ID]; ok {
			return
		}
		index[ri.ID] = len(rules)
		// The rule's severity is the one its results in this run have (the side they were found
		// on), not the worst over both sides.
		sev := ri.Severity
		if ws, ok := worst[ri.ID]; ok {
			sev = ws
		}
		props := map[string]any{"tags": []string{"security", "koupleless", ri.Family}, "precision": precision(ri.Confidence)}
		if ss := securitySeverity(sev); ss != "" {
			props["security-severity"] = ss
		}
		rules = append(rules, sarifRule{
			ID: ri.ID, Name: ri.Slug,
			ShortDescription:     sarifText{Text: firstNonEmpty(ri.Title, ri.Slug, ri.ID)},
			FullDescription:      sarifText{Text: firstNonEmpty(ri.Why, ri.Title, ri.Slug, ri.ID)},
			Help:                 sarifText{Text: firstNonEmpty(RuleText(ri), ri.ID), Markdown: RuleMarkdown(ri)},
			HelpURI:              ri.HelpURI,
			DefaultConfiguration: sarifConfig{Level: sarifLevel(sev)},
			Properties:           props,
		})
	}
	for _, ri := range r.Rules {
		add(ri)
	}
	seenFP := map[string]int{}
	var results []sarifResult
	for _, f := range kept {
		if _, ok := index[f.RuleID]; !ok {
			add(RuleInfo{ID: f.RuleID, Slug: f.Slug, Title: f.Slug, Family: f.Family, Severity: f.Severity, Confidence: f.Confidence, Fix: f.Fix})
		}
		msg := f.Message
		if f.Fix != "" {
			msg += ". Fix: " + f.Fix
		}
		// Identical hazards (same rule, file, symbol and code) get an occurrence number, so that
		// GitHub keeps one alert each instead of folding them.
		fp := f.Fingerprint
		if fp == "" {
			fp = fmt.Sprintf("%s:%s:%s:%d", f.RuleID, f.Location.Path, f.Location.Symbol, f.Location.Line)
		}
		seenFP[fp]++
		if n := seenFP[fp]; n > 1 {
			fp = fmt.Sprintf("%s:%d", fp, n)
		}
		res := sarifResult{RuleID: f.RuleID, RuleIndex: index[f.RuleID], Level: sarifLevel(f.Severity), Message: sarifText{Text: firstNonEmpty(msg, f.RuleID)},
			Locations:           []sarifLocation{c.location(f.Location, f.Snippet)},
			PartialFingerprints: map[string]string{"kompat/v1": fp},
			BaselineState:       f.BaselineState,
		}
		for k, rl := range f.Related {
			loc := c.location(rl, "")
			loc.ID = k + 1
			loc.Message = &sarifText{Text: firstNonEmpty(rl.Symbol, rl.Artifact, rl.Path, "related")}
			if loc.PhysicalLocation == nil && loc.LogicalLocations == nil {
				continue
			}
			res.RelatedLocations = append(res.RelatedLocations, loc)
		}
		if f.Suppression != nil {
			kind := "inSource"
			if f.Suppression.Kind == "external" {
				kind = "external"
			}
			res.Suppressions = []sarifSupp{{Kind: kind, Justification: f.Suppression.Reason}}
		}
		props := map[string]any{"security-severity": securitySeverity(f.Severity), "severity": f.Severity.String()}
		if f.Location.Artifact != "" {
			props["artifact"] = f.Location.Artifact
		}
		if strings.Contains(f.Location.Path, "!/") || strings.HasSuffix(f.Location.Path, ".class") {
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
		res.Properties = props
		results = append(results, res)
	}
	inv := sarifInvocation{ExecutionSuccessful: !r.HasErrors()}
	for _, n := range r.Notices {
		sn := sarifNotification{Level: map[string]string{NoticeError: "error", NoticeWarning: "warning", NoticeInfo: "note"}[n.Level], Message: sarifText{Text: firstNonEmpty(n.Message, n.Code)}}
		if sn.Level == "" {
			sn.Level = "note"
		}
		sn.Descriptor.ID = firstNonEmpty(n.Code, "KP9000")
		if n.Path != "" {
			sn.Locations = []sarifLocation{c.location(Location{Path: n.Path, Line: n.Line, Col: n.Col}, "")}
		}
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sn)
	}
	if results == nil {
		results = []sarifResult{}
	}
	if rules == nil {
		rules = []sarifRule{}
	}
	run := sarifRun{
		Tool:        sarifTool{Driver: sarifDriver{Name: "kompat", Version: r.Version, InformationURI: "https://github.com/kompat/kompat", Rules: rules}},
		ColumnKind:  "utf16CodeUnits",
		Results:     results,
		Invocations: []sarifInvocation{inv},
	}
	if r.Root != "" {
		root := filepath.ToSlash(r.Root)
		if !strings.HasPrefix(root, "/") {
			root = "/" + root
		}
		if !strings.HasSuffix(root, "/") {
			root += "/"
		}
		run.OriginalURIBaseIDs = map[string]sarifArtifact{srcRoot: {URI: "file://" + uriEscape(root)}}
	}
	if s.opts.Category != "" {
		id := s.opts.Category
		if !strings.HasSuffix(id, "/") {
			id += "/"
		}
		run.AutomationDetails = &sarifAutomation{ID: id}
	}
	log := sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []sarifRun{run}}
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

// logicalKind names what a symbol is: a field ("member"), a method ("function"), an artifact
// ("module", g:a:v) or a class ("type"). The finding's snippet tells fields and classes apart.
func logicalKind(symbol, snippet string) string {
	switch {
	case strings.HasPrefix(snippet, "field "):
		return "member"
	case strings.Contains(symbol, "#"):
		return "function"
	case strings.Count(symbol, ":") >= 1:
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
