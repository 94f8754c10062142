package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kompat/kompat/reports"
)

// repoTree makes a directory that looks like a git work tree holding one leaky module.
func repoTree(t *testing.T) string {
	root := t.TempDir()
	if err := os.Mkdir(filepath.Join(root, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, root, "mod/src/main/java/a/Leaky.java", []byte(leaky))
	writeFile(t, root, "other/src/b/Exit.java", []byte("package b;\nclass Exit { void f() { Runtime.getRuntime().exit(2); } }\n"))
	return root
}

func TestScanSARIFFileIsValidAndSaysWhere(t *testing.T) {
	root := repoTree(t)
	out := filepath.Join(t.TempDir(), "k.sarif")
	code, stdout, errs := runCLI(t, "scan", "--root", root, "--format", "sarif", "-o", out, "--category", "kompat/mod", root)
	if code != exitFindings || stdout != "" {
		t.Fatalf("exit %d, stdout %q", code, stdout)
	}
	if !strings.Contains(errs, "sarif report written to "+out) {
		t.Errorf("stderr does not say where the report went: %s", errs)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	checkSARIF(t, data)
	s := string(data)
	for _, want := range []string{`"uri": "mod/src/main/java/a/Leaky.java"`, `"uriBaseId": "%SRCROOT%"`, `"id": "kompat/mod/"`, `"columnKind": "utf16CodeUnits"`, `"markdown": "`} {
		if !strings.Contains(s, want) {
			t.Errorf("SARIF lacks %s", want)
		}
	}
}

// TestBaselineRelativeToRoot: a baseline written by `scan .` at the root matches `scan $PWD`
// and a scan started in a subdirectory.
func TestBaselineRelativeToRoot(t *testing.T) {
	root := repoTree(t)
	base := filepath.Join(t.TempDir(), "baseline.json")
	t.Chdir(root)
	if code, _, errs := runCLI(t, "scan", "--write-baseline", base, "."); code != exitOK {
		t.Fatalf("write: exit %d %s", code, errs)
	}
	data, _ := os.ReadFile(base)
	if strings.Contains(string(data), root) || !strings.Contains(string(data), `"path":"mod/src/main/java/a/Leaky.java"`) {
		t.Fatalf("baseline paths are not root-relative:\n%s", data)
	}
	if code, _, errs := runCLI(t, "scan", "--baseline", base, root); code != exitOK {
		t.Fatalf("scan $PWD with the baseline: exit %d, want 0\n%s", code, errs)
	}
	t.Chdir(filepath.Join(root, "mod"))
	code, out, errs := runCLI(t, "scan", "--format", "json", "--baseline", base, ".")
	if code != exitOK {
		t.Fatalf("scan from a subdirectory: exit %d, want 0\n%s", code, errs)
	}
	// The other module's entry is stale for this scan, and named.
	r := decode(t, out)
	if !hasNotice(r, "KP9020", reports.NoticeInfo, "KP1010") {
		t.Errorf("stale entry not named: %+v", r.Notices)
	}
	for _, f := range r.Findings {
		if f.Location.Path != "mod/src/main/java/a/Leaky.java" {
			t.Errorf("path %q not relative to the root", f.Location.Path)
		}
	}
}

func TestIgnoreFile(t *testing.T) {
	root := repoTree(t)
	writeFile(t, root, ".kompat-ignore.yaml", []byte(`ignore:
  - rule: process-exit
    paths: ["other/**"]
    reason: the CLI tool exits on purpose
  - rule: KP2001
    paths: ["mod/**"]
    symbol: "a.Leaky#*"
    reason: reviewed, JIRA-7
    expires: 2001-01-01
  - rule: KP1001
    paths: ["nowhere/**"]
    reason: stale
`))
	code, out, errs := runCLI(t, "scan", "--root", root, "--format", "json", "--fail-on", "low", root)
	r := decode(t, out)
	var sup, counted []string
	for _, f := range r.Findings {
		if f.Suppression != nil {
			sup = append(sup, f.RuleID+" "+f.Location.Path+" "+f.Suppression.Kind+" "+f.Suppression.Reason)
		} else {
			counted = append(counted, f.RuleID+" "+f.Location.Path)
		}
	}
	if len(sup) != 1 || !strings.Contains(sup[0], "KP1010 other/src/b/Exit.java external the CLI tool exits on purpose") {
		t.Errorf("suppressed: %v", sup)
	}
	// The expired entry no longer suppresses: KP2001 counts again, and the entry is reported.
	if !strings.Contains(strings.Join(counted, ","), "KP2001 mod/src/main/java/a/Leaky.java") || code != exitFindings {
		t.Errorf("exit %d, counted %v (%s)", code, counted, errs)
	}
	if !hasNotice(r, reports.NoticeIgnoreExpired, reports.NoticeWarning, "expired on 2001-01-01") || !hasNotice(r, reports.NoticeIgnoreUnused, reports.NoticeWarning, "KP1001 matched no finding") {
		t.Errorf("notices: %+v", r.Notices)
	}
	// A missing reason, an unknown key and a bad date are errors (exit 2), via --ignore-file too.
	for name, text := range map[string]string{
		"noreason": "ignore:\n  - rule: KP1010\n",
		"unknown":  "ignore:\n  - rule: KP1010\n    reason: r\n    path: x\n",
		"date":     "ignore:\n  - rule: KP1010\n    reason: r\n    expires: tomorrow\n",
	} {
		p := writeFile(t, t.TempDir(), name+".yaml", []byte(text))
		if code, _, errs := runCLI(t, "scan", "--root", root, "--ignore-file", p, root); code != exitError || !strings.Contains(errs, p) {
			t.Errorf("%s: exit %d %s", name, code, errs)
		}
	}
}

func TestSeveralOutputsAndFailOnNone(t *testing.T) {
	root := repoTree(t)
	dir := t.TempDir()
	s, j := filepath.Join(dir, "k.sarif"), filepath.Join(dir, "k.json")
	code, stdout, errs := runCLI(t, "scan", "--root", root, "--fail-on", "none", "--format", "sarif", "-o", s, "--format", "json", "-o", j, "--format", "table", root)
	if code != exitOK {
		t.Fatalf("--fail-on none: exit %d %s", code, errs)
	}
	if !strings.Contains(stdout, "PROCESS") && !strings.Contains(stdout, "STATIC-STATE") && !strings.Contains(stdout, "finding(s)") {
		t.Errorf("table not on stdout: %s", stdout)
	}
	sd, _ := os.ReadFile(s)
	checkSARIF(t, sd)
	jd, _ := os.ReadFile(j)
	var rep reports.Report
	if err := json.Unmarshal(jd, &rep); err != nil || len(rep.Findings) == 0 {
		t.Fatalf("json report: %v %d", err, len(rep.Findings))
	}
	checkReportJSON(t, jd)
	for _, bad := range [][]string{{"-o", s, "-o", j}, {"--format", "json", "--format", "sarif"}, {"--fail-on", "bad"}} {
		code, _, errs := runCLI(t, append(append([]string{"scan"}, bad...), root)...)
		if code != exitError {
			t.Errorf("%v: exit %d", bad, code)
		}
		if bad[0] == "--fail-on" && !strings.Contains(errs, "none, info, low, medium, high, critical") {
			t.Errorf("unknown severity does not list the valid ones: %s", errs)
		}
	}
}
