package reports

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"
)

func ciReport() *Report {
	r := sampleReport()
	// A hostile message: an escape sequence, a newline, a percent sign and invalid UTF-8.
	f := Finding{RuleID: "KP1010", Slug: "process-exit", Family: "static-state", Severity: SeverityCritical, Message: "exit \x1b]0;pwned\x07 in 50%\nnext \xff",
		Location: Location{Path: "src/a,b/C:D.java", Line: 4, Col: 2}, Fix: "throw instead"}
	f.ComputeFingerprint()
	low := Finding{RuleID: "KP1001", Slug: "mutable-static-field", Family: "static-state", Severity: SeverityLow, Message: "static", Location: Location{Path: "src/a/B.java", Line: 2}}
	low.ComputeFingerprint()
	r.Findings = append(r.Findings, f, f, low)
	return r
}

func TestGitHubAnnotations(t *testing.T) {
	var b bytes.Buffer
	if err := (githubWriter{}).Write(&b, ciReport()); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	lines := strings.Split(strings.TrimSpace(out), "\n")
	// 4 counted findings (the suppressed one is not annotated), 1 warning notice, the summary.
	if len(lines) != 6 {
		t.Fatalf("%d lines:\n%s", len(lines), out)
	}
	want := "::error file=src/a%2Cb/C%3AD.java,line=4,col=2,title=KP1010 process-exit (critical)::exit \\x1b]0;pwned\\x07 in 50%25%0Anext \\xff%0AFix: throw instead"
	if lines[1] != want {
		t.Errorf("got  %s\nwant %s", lines[1], want)
	}
	if !strings.HasPrefix(lines[0], "::error file=src/a/B.java,line=12,col=5,title=KP2004") || !strings.HasPrefix(lines[3], "::notice file=src/a/B.java,line=2") {
		t.Errorf("levels or order:\n%s", out)
	}
	if strings.IndexByte(out, 0x1b) >= 0 || strings.IndexByte(out, 0x07) >= 0 {
		t.Error("control characters reached the log")
	}
}

func TestJUnit(t *testing.T) {
	var b bytes.Buffer
	r := ciReport()
	r.Notices = append(r.Notices, Notice{Code: "KP9004", Level: NoticeError, Path: "x.jar", Message: "cannot read"})
	if err := (junitWriter{opts: WriterOptions{FailOn: SeverityHigh}}).Write(&b, r); err != nil {
		t.Fatal(err)
	}
	var doc junitSuites
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("not XML: %v\n%s", err, b.String())
	}
	cases := map[string]junitCase{}
	for _, c := range doc.Suites[0].Cases {
		cases[strings.Fields(c.Name)[0]] = c
	}
	if len(cases["KP1010"].Failures) != 2 || len(cases["KP2004"].Failures) != 1 || len(cases["KP1001"].Failures) != 0 ||
		!strings.Contains(cases["KP1001"].SystemOut, "low src/a/B.java:2: static") || len(cases["KP9004"].Errors) != 1 {
		t.Errorf("cases: %+v", cases)
	}
	if doc.Tests != 4 || doc.Failures != 2 || doc.Errors != 1 {
		t.Errorf("tests %d failures %d errors %d", doc.Tests, doc.Failures, doc.Errors)
	}
	if bytes.IndexByte(b.Bytes(), 0x1b) >= 0 || bytes.IndexByte(b.Bytes(), 0x07) >= 0 || bytes.IndexByte(b.Bytes(), 0xff) >= 0 {
		t.Error("JUnit XML holds control characters or invalid UTF-8")
	}
}

func TestGitLabCodeQuality(t *testing.T) {
	var b bytes.Buffer
	if err := (gitlabWriter{}).Write(&b, ciReport()); err != nil {
		t.Fatal(err)
	}
	var issues []gitlabIssue
	if err := json.Unmarshal(b.Bytes(), &issues); err != nil {
		t.Fatal(err)
	}
	if len(issues) != 4 {
		t.Fatalf("%d issues, want the 4 counted findings", len(issues))
	}
	fps := map[string]bool{}
	for _, is := range issues {
		if fps[is.Fingerprint] {
			t.Errorf("duplicate fingerprint %s", is.Fingerprint)
		}
		fps[is.Fingerprint] = true
		if is.Location.Lines.Begin < 1 || is.Location.Path == "" || is.CheckName == "" {
			t.Errorf("issue %+v", is)
		}
	}
	if issues[1].Severity != "blocker" || issues[3].Severity != "minor" {
		t.Errorf("severities %s %s", issues[1].Severity, issues[3].Severity)
	}
}
