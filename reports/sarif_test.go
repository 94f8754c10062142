package reports

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kompat/kompat/internal/schemacheck"
)

// checkSARIF validates a SARIF log against the official SARIF 2.1.0 schema, formats asserted.
func checkSARIF(t *testing.T, data []byte) {
	t.Helper()
	if err := schemacheck.Validate("../testdata/schema/sarif-schema-2.1.0.json", data); err != nil {
		t.Errorf("SARIF is not valid: %v\n%s", err, data)
	}
}

type sarifDoc struct {
	Runs []struct {
		AutomationDetails  struct{ ID string }      `json:"automationDetails"`
		OriginalURIBaseIDs map[string]sarifArtifact `json:"originalUriBaseIds"`
		ColumnKind         string                   `json:"columnKind"`
		Tool               struct {
			Driver struct {
				Rules []sarifRule `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results []sarifResult `json:"results"`
	} `json:"runs"`
}

// sarifTree lays out a small repository: a source file with CJK text in a directory whose name
// has a space and a '#', the source of a compiled class, and a jar whose classes have no source.
func sarifTree(t *testing.T) (string, *Report) {
	root := t.TempDir()
	write := func(rel, text string) {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("src dir/#1/a/B.java", "package a;\nclass B {\n  String s = \"日本語\"; static Object O = Thread.currentThread();\n}\n")
	write("mod/src/main/java/com/acme/Foo.java", "package com.acme;\npublic class Foo {\n  static int n;\n  void m() { n++; }\n}\n")
	write("lib/app.jar", "PK")
	r := New("scan", "test")
	r.Side = "module"
	r.Rules = []RuleInfo{
		{ID: "KP1001", Slug: "mutable-static-field", Title: "Mutable static", Family: "static-state", Severity: SeverityHigh, Confidence: ConfidenceMedium,
			Why: "shared by apps", Fix: "make it final", Before: "static int n;", After: "static final int N = 1;", References: []string{"https://example.org/a"}, HelpURI: "https://example.org/rules#kp1001"},
		{ID: "KP2004", Slug: "tccl-not-restored", Title: "TCCL", Family: "classloader", Severity: SeverityHigh, Confidence: ConfidenceHigh, Why: "w", Fix: "f"},
	}
	mk := func(f Finding) Finding { f.ComputeFingerprint(); return f }
	cjk := strings.Index("  String s = \"日本語\"; static Object O = Thread.currentThread();", "static Object") + 1
	r.Findings = []Finding{
		// a field in source, after CJK text (byte column != UTF-16 column)
		mk(Finding{RuleID: "KP1001", Slug: "mutable-static-field", Family: "static-state", Severity: SeverityLow, Message: "static field O",
			Location: Location{Path: filepath.Join(root, "src dir/#1/a/B.java"), Line: 3, Col: cjk, Symbol: "a.B.O"}, Snippet: "field O Object",
			Related: []Location{{Path: filepath.Join(root, "mod/src/main/java/com/acme/Foo.java"), Line: 3, Symbol: "com.acme.Foo.n"}}}),
		// a bytecode finding whose source is in the tree
		mk(Finding{RuleID: "KP1001", Slug: "mutable-static-field", Family: "static-state", Severity: SeverityLow, Message: "static field n",
			Location: Location{Path: filepath.Join(root, "mod/target/classes/com/acme/Foo.class"), Line: 4, Symbol: "com.acme.Foo#m"}, Snippet: "putstatic com.acme.Foo.n"}),
		// two identical findings in one jar without source
		mk(Finding{RuleID: "KP2004", Slug: "tccl-not-restored", Family: "classloader", Severity: SeverityHigh, Message: "tccl",
			Location: Location{Path: filepath.Join(root, "lib/app.jar") + "!/x/Y$1.class", Line: 7, Symbol: "x.Y$1#run", Artifact: "g:a:1"}, Snippet: "call x"}),
		mk(Finding{RuleID: "KP2004", Slug: "tccl-not-restored", Family: "classloader", Severity: SeverityHigh, Message: "tccl",
			Location: Location{Path: filepath.Join(root, "lib/app.jar") + "!/x/Y$1.class", Line: 9, Symbol: "x.Y$1#run", Artifact: "g:a:1"}, Snippet: "call x"}),
		// set aside: suppressed, and in the baseline
		mk(Finding{RuleID: "KP2004", Slug: "tccl-not-restored", Family: "classloader", Severity: SeverityHigh, Message: "suppressed one",
			Location: Location{Path: filepath.Join(root, "mod/src/main/java/com/acme/Foo.java"), Line: 4}, Suppression: &Suppression{Kind: "external", Reason: "ok"}}),
		mk(Finding{RuleID: "KP2004", Slug: "tccl-not-restored", Family: "classloader", Severity: SeverityHigh, Message: "baselined one",
			Location: Location{Path: filepath.Join(root, "mod/src/main/java/com/acme/Foo.java"), Line: 2}, BaselineState: BaselineUnchanged}),
	}
	r.Notices = []Notice{{Code: "KP9001", Level: NoticeWarning, Path: filepath.Join(root, "src dir/#1/a/B.java"), Line: 2, Message: "syntax"}}
	r.Relativize(root)
	return root, r
}

func writeSARIF(t *testing.T, r *Report, o WriterOptions) sarifDoc {
	t.Helper()
	var b bytes.Buffer
	if err := (sarifWriter{opts: o}).Write(&b, r); err != nil {
		t.Fatal(err)
	}
	checkSARIF(t, b.Bytes())
	var doc sarifDoc
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestSARIFForGitHub(t *testing.T) {
	root, r := sarifTree(t)
	doc := writeSARIF(t, r, WriterOptions{Category: "kompat-scan"})
	run := doc.Runs[0]
	if run.AutomationDetails.ID != "kompat-scan/" || run.ColumnKind != "utf16CodeUnits" {
		t.Errorf("automationDetails %q columnKind %q", run.AutomationDetails.ID, run.ColumnKind)
	}
	if base := run.OriginalURIBaseIDs["%SRCROOT%"].URI; base != "file://"+uriEscape(filepath.ToSlash(root))+"/" {
		t.Errorf("%%SRCROOT%% = %q", base)
	}
	// Suppressed and baselined results are left out by default.
	if len(run.Results) != 4 {
		t.Fatalf("%d results, want 4 (suppressed and baselined ones left out)", len(run.Results))
	}
	src, cls, jar1, jar2 := run.Results[0], run.Results[1], run.Results[2], run.Results[3]

	// Source finding: percent-encoded relative URI, full region in UTF-16 columns.
	pl := src.Locations[0].PhysicalLocation
	if pl.ArtifactLocation.URI != "src%20dir/%231/a/B.java" || pl.ArtifactLocation.URIBaseID != "%SRCROOT%" {
		t.Errorf("uri %+v", pl.ArtifactLocation)
	}
	line := "  String s = \"日本語\"; static Object O = Thread.currentThread();"
	u16 := strings.Index(line, "static Object") - 3*3 + 3 + 1 // three 3-byte runes are 1 unit each
	if pl.Region.StartLine != 3 || pl.Region.StartColumn != u16 || pl.Region.EndLine != 3 || pl.Region.EndColumn != len([]rune(line))+1 {
		t.Errorf("region %+v, want 3:%d-3:%d", *pl.Region, u16, len([]rune(line))+1)
	}
	if ll := src.Locations[0].LogicalLocations; len(ll) != 1 || ll[0].Kind != "member" || ll[0].FullyQualifiedName != "a.B.O" {
		t.Errorf("field logical location %+v", ll)
	}
	if len(src.RelatedLocations) != 1 || src.RelatedLocations[0].PhysicalLocation.ArtifactLocation.URI != "mod/src/main/java/com/acme/Foo.java" {
		t.Errorf("relatedLocations %+v", src.RelatedLocations)
	}
	// Per-result level and security-severity from the result's own (module-side) severity.
	if src.Level != "note" || src.Properties["security-severity"] != "3.0" {
		t.Errorf("low finding: level %s security-severity %v", src.Level, src.Properties["security-severity"])
	}
	// The class file points at its source in the tree.
	if u := cls.Locations[0].PhysicalLocation.ArtifactLocation.URI; u != "mod/src/main/java/com/acme/Foo.java" || cls.Locations[0].PhysicalLocation.Region.StartLine != 4 {
		t.Errorf("bytecode finding not mapped to source: %s %+v", u, cls.Locations[0].PhysicalLocation.Region)
	}
	// Jar findings: the jar, line 1, a logical location; fingerprints differ.
	for _, j := range []sarifResult{jar1, jar2} {
		if u := j.Locations[0].PhysicalLocation.ArtifactLocation.URI; u != "lib/app.jar" || j.Locations[0].PhysicalLocation.Region.StartLine != 1 {
			t.Errorf("jar finding location %s", u)
		}
		if ll := j.Locations[0].LogicalLocations; len(ll) != 1 || ll[0].FullyQualifiedName != "x.Y$1#run" || ll[0].Kind != "function" {
			t.Errorf("jar logical location %+v", ll)
		}
	}
	if jar1.PartialFingerprints["kompat/v1"] == jar2.PartialFingerprints["kompat/v1"] {
		t.Error("two findings in one jar share a partial fingerprint")
	}
	// Rules: help markdown from the YAML, helpUri, security tag, severity of this run's results.
	var kp1001, kp2004 sarifRule
	for _, ru := range run.Tool.Driver.Rules {
		switch ru.ID {
		case "KP1001":
			kp1001 = ru
		case "KP2004":
			kp2004 = ru
		}
	}
	for _, want := range []string{"### Why", "shared by apps", "### Fix", "make it final", "```java\nstatic int n;\n```", "static final int N", "https://example.org/a"} {
		if !strings.Contains(kp1001.Help.Markdown, want) {
			t.Errorf("help.markdown lacks %q:\n%s", want, kp1001.Help.Markdown)
		}
	}
	if kp1001.HelpURI != "https://example.org/rules#kp1001" || kp1001.Properties["security-severity"] != "3.0" || kp2004.Properties["security-severity"] != "8.0" {
		t.Errorf("rule props: %s %v %v", kp1001.HelpURI, kp1001.Properties, kp2004.Properties)
	}
	if tags, _ := kp1001.Properties["tags"].([]any); len(tags) == 0 || tags[0] != "security" {
		t.Errorf("tags %v lack security", kp1001.Properties["tags"])
	}

	// --sarif-include-suppressed keeps the rest, with their suppression and baseline state.
	all := writeSARIF(t, r, WriterOptions{IncludeSuppressed: true}).Runs[0].Results
	if len(all) != 6 || len(all[4].Suppressions) != 1 || all[4].Suppressions[0].Kind != "external" || all[5].BaselineState != "unchanged" {
		t.Errorf("included: %d results", len(all))
	}
}

// TestSARIFSchemaRejectsBadLog makes sure the schema check is live: a log with startLine 0 and a
// bad URI must fail it.
func TestSARIFSchemaRejectsBadLog(t *testing.T) {
	bad := `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"k"}},"results":[{"message":{"text":"m"},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"a b\\c"},"region":{"startLine":0}}}]}]}]}`
	if err := schemacheck.Validate("../testdata/schema/sarif-schema-2.1.0.json", []byte(bad)); err == nil {
		t.Fatal("the schema check accepted startLine 0 and an invalid URI")
	}
}

// TestJSONReportMatchesSchema checks the JSON report against the published schema.
func TestJSONReportMatchesSchema(t *testing.T) {
	_, r := sarifTree(t)
	r.Generated = "2026-12-07T06:00:00Z"
	for _, rep := range []*Report{sampleReport(), r} {
		var b bytes.Buffer
		if err := (jsonWriter{}).Write(&b, rep); err != nil {
			t.Fatal(err)
		}
		if err := schemacheck.Validate("../docs/report.schema.json", b.Bytes()); err != nil {
			t.Errorf("JSON report does not match docs/report.schema.json: %v", err)
		}
	}
	bad := []byte(`{"schemaVersion":1,"tool":"kompat","version":"x","command":"scan","inputs":[],"findings":[{"ruleId":"KP1"}],"notices":[],"rules":[],"stats":{"files":0,"bytes":0,"skipped":0,"durationMs":0}}`)
	if schemacheck.Validate("../docs/report.schema.json", bad) == nil {
		t.Error("the schema accepts a finding without its fields")
	}
}
