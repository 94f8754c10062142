package reports

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func sampleReport() *Report {
	r := New("scan", "test")
	r.Inputs = []string{"src"}
	r.Rules = []RuleInfo{{ID: "KP2004", Slug: "tccl-not-restored", Title: "TCCL not restored", Family: "classloader", Severity: SeverityHigh, Confidence: ConfidenceHigh, Why: "why", Fix: "restore it"}}
	f1 := Finding{RuleID: "KP2004", Slug: "tccl-not-restored", Family: "classloader", Severity: SeverityHigh, Confidence: ConfidenceHigh,
		Message: `context loader set in <run> & "not" restored`, Location: Location{Path: "src/a/B.java", Line: 12, Col: 5, Symbol: "a.B#run"}, Fix: "restore it", Snippet: "call x"}
	f1.ComputeFingerprint()
	f2 := Finding{RuleID: "KP3002", Slug: "executor-not-shutdown", Family: "resources", Severity: SeverityMedium, Confidence: ConfidenceMedium,
		Message: "pool never shut down", Location: Location{Path: "app.jar!/BOOT-INF/lib/x-1.jar!/a/C.class", Line: 0, Symbol: "a.C.POOL", Artifact: "g:x:1"},
		Suppression: &Suppression{Kind: "inSource", Reason: "shut down by the base"}}
	f2.ComputeFingerprint()
	r.Findings = []Finding{f1, f2}
	r.Notices = []Notice{{Code: "KP9001", Level: NoticeWarning, Path: "src/a/Broken.java", Line: 3, Message: "syntax error"}}
	return r
}

// TestSARIFGitHubRules checks what GitHub code scanning requires of an upload.
func TestSARIFGitHubRules(t *testing.T) {
	var b bytes.Buffer
	if err := (sarifWriter{opts: WriterOptions{IncludeSuppressed: true}}).Write(&b, sampleReport()); err != nil {
		t.Fatal(err)
	}
	checkSARIF(t, b.Bytes())
	var log struct {
		Schema  string `json:"$schema"`
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string `json:"name"`
					Rules []struct {
						ID               string         `json:"id"`
						ShortDescription map[string]any `json:"shortDescription"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Level     string `json:"level"`
				Message   struct {
					Text string `json:"text"`
				} `json:"message"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine int `json:"startLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
					LogicalLocations []struct {
						FullyQualifiedName string `json:"fullyQualifiedName"`
					} `json:"logicalLocations"`
				} `json:"locations"`
				PartialFingerprints map[string]string `json:"partialFingerprints"`
				Suppressions        []struct {
					Kind          string `json:"kind"`
					Justification string `json:"justification"`
				} `json:"suppressions"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if log.Version != "2.1.0" || !strings.Contains(log.Schema, "sarif-2.1.0") || len(log.Runs) != 1 {
		t.Fatalf("version %q schema %q runs %d", log.Version, log.Schema, len(log.Runs))
	}
	run := log.Runs[0]
	ids := map[string]int{}
	for i, r := range run.Tool.Driver.Rules {
		if _, dup := ids[r.ID]; dup {
			t.Errorf("duplicate rule %s", r.ID)
		}
		ids[r.ID] = i
	}
	if len(run.Results) != 2 {
		t.Fatalf("results: %d", len(run.Results))
	}
	for _, res := range run.Results {
		if idx, ok := ids[res.RuleID]; !ok || idx != res.RuleIndex {
			t.Errorf("result %s: ruleIndex %d does not point at its rule", res.RuleID, res.RuleIndex)
		}
		if res.Message.Text == "" || res.PartialFingerprints["kompat/v1"] == "" {
			t.Errorf("result %s lacks a message or a partial fingerprint", res.RuleID)
		}
		loc := res.Locations[0].PhysicalLocation
		if loc.Region.StartLine < 1 {
			t.Errorf("result %s: startLine %d < 1", res.RuleID, loc.Region.StartLine)
		}
		if strings.Contains(loc.ArtifactLocation.URI, "!/") || strings.HasPrefix(loc.ArtifactLocation.URI, "/") {
			t.Errorf("result %s: uri %q is not a repo-relative file", res.RuleID, loc.ArtifactLocation.URI)
		}
	}
	jar := run.Results[1]
	if jar.Locations[0].PhysicalLocation.ArtifactLocation.URI != "app.jar" || jar.Locations[0].LogicalLocations[0].FullyQualifiedName != "a.C.POOL" {
		t.Errorf("jar finding: %+v", jar.Locations)
	}
	if len(jar.Suppressions) != 1 || jar.Suppressions[0].Kind != "inSource" || jar.Suppressions[0].Justification == "" {
		t.Errorf("suppression not carried: %+v", jar.Suppressions)
	}
}

func TestHTMLSelfContainedAndEscaped(t *testing.T) {
	var b bytes.Buffer
	r := sampleReport()
	r.Findings[0].Message += " \x1b[2J \xff"
	if err := (htmlWriter{opts: WriterOptions{FailOn: SeverityHigh}}).Write(&b, r); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	// Nothing is fetched: no external script, style, image or font.
	for _, bad := range []string{"<script src", "<link", `src="http`, "@import", "url(", "<run>", `& "not"`, "\x1b"} {
		if strings.Contains(out, bad) {
			t.Errorf("HTML contains %q (must be self-contained and escaped)", bad)
		}
	}
	if !utf8.ValidString(out) {
		t.Error("HTML is not valid UTF-8")
	}
	for _, want := range []string{"&lt;run&gt;", "KP2004", "src/a/B.java:12", "Fix: restore it", "KP9001", `class="verdict FAIL"`,
		"1 counted finding(s) at or above --fail-on high", "shut down by the base", `id="rule-KP2004"`, "<svg"} {
		if !strings.Contains(out, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
}

func TestJSONStableOrder(t *testing.T) {
	r := sampleReport()
	r.Findings[0], r.Findings[1] = r.Findings[1], r.Findings[0]
	r.Sort()
	if r.Findings[0].Location.Path != "app.jar!/BOOT-INF/lib/x-1.jar!/a/C.class" {
		t.Fatalf("not sorted by path: %s first", r.Findings[0].Location.Path)
	}
	var b bytes.Buffer
	if err := (jsonWriter{}).Write(&b, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"schemaVersion": 1`) {
		t.Fatal("JSON lacks schemaVersion")
	}
}

// TestFingerprintIgnoresLines: moving a finding to another line keeps its fingerprint.
func TestFingerprintIgnoresLines(t *testing.T) {
	a := Finding{RuleID: "KP1", Location: Location{Path: "p", Line: 3, Symbol: "s"}, Snippet: "call  x( y )"}
	b := a
	b.Location.Line = 40
	b.Snippet = "call x( y )"
	a.ComputeFingerprint()
	b.ComputeFingerprint()
	if a.Fingerprint != b.Fingerprint {
		t.Fatal("fingerprint depends on the line or on white space")
	}
	c := a
	c.Location.Symbol = "other"
	c.ComputeFingerprint()
	if c.Fingerprint == a.Fingerprint {
		t.Fatal("fingerprint ignores the symbol")
	}
}

// TestHTMLFiltersWithoutScript: every filter checkbox has a CSS rule that hides its rows when it
// is unticked, so filtering works with JavaScript off; rows carry only index-based classes.
func TestHTMLFiltersWithoutScript(t *testing.T) {
	var b bytes.Buffer
	r := sampleReport()
	r.Findings[1].Suppression = nil
	if err := (htmlWriter{}).Write(&b, r); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, id := range []string{"sev-0", "sev-1", "fam-0", "fam-1", "rule-0", "rule-1", "file-0", "file-1"} {
		if !strings.Contains(out, `id="f-`+id+`"`) || !strings.Contains(out, "body:has(#f-"+id+":not(:checked)) tr."+id+"{display:none}") {
			t.Errorf("filter %s lacks its checkbox or CSS rule", id)
		}
	}
	// Ordered by severity: the high finding comes before the medium one.
	if strings.Index(out, "KP2004</b>") > strings.Index(out, "KP3002</b>") {
		t.Error("findings not ordered by severity")
	}
}
