package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kompat/kompat/reports"
	"github.com/kompat/kompat/scanner"
)

// runCLI runs the CLI in-process and returns the exit code, stdout and stderr.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), &env{stdout: &out, stderr: &errb}, args)
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const leaky = `package a;
public class Leaky {
    void fail() { System.exit(3); }
    Class<?> load(String n) throws Exception { return Class.forName(n); }
}
`

const clean = `package a;
public class Clean {
    Class<?> load(String n) throws Exception {
        return Class.forName(n, true, Thread.currentThread().getContextClassLoader());
    }
}
`

func decode(t *testing.T, s string) *reports.Report {
	t.Helper()
	var r reports.Report
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, s)
	}
	return &r
}

func TestScanCleanTree(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a/Clean.java", []byte(clean))
	code, out, errs := runCLI(t, "scan", "--format", "json", dir)
	if code != exitOK {
		t.Fatalf("exit %d, stderr %s", code, errs)
	}
	r := decode(t, out)
	if len(r.Findings) != 0 || r.Stats.Files != 1 || r.SchemaVersion != reports.SchemaVersion {
		t.Fatalf("findings %v files %d schema %d", r.Findings, r.Stats.Files, r.SchemaVersion)
	}
}

func TestScanFindingsAndFailOn(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a/Leaky.java", []byte(leaky))
	code, out, _ := runCLI(t, "scan", "--format", "json", dir)
	if code != exitFindings {
		t.Fatalf("exit %d, want 1 (System.exit is critical)", code)
	}
	r := decode(t, out)
	ids := map[string]int{}
	for _, f := range r.Findings {
		ids[f.RuleID] = f.Location.Line
		if f.Fingerprint == "" || f.Fix == "" || f.Location.Symbol == "" {
			t.Errorf("finding lacks fingerprint, fix or symbol: %+v", f)
		}
	}
	if ids["KP1010"] != 3 || ids["KP2001"] != 4 {
		t.Fatalf("want KP1010 at line 3 and KP2001 at line 4, got %v", ids)
	}
	// The same findings below the threshold do not fail the run.
	code, _, _ = runCLI(t, "scan", "--fail-on", "critical", "--rules", "-KP1010", dir)
	if code != exitOK {
		t.Fatalf("exit %d with KP1010 disabled and --fail-on critical, want 0", code)
	}
	code, _, _ = runCLI(t, "scan", "--fail-on", "low", "--rules", "KP2001", dir)
	if code != exitFindings {
		t.Fatalf("exit %d with only KP2001 and --fail-on low, want 1", code)
	}
	// The table format gives the same exit code.
	code, out, _ = runCLI(t, "scan", dir)
	if code != exitFindings || !strings.Contains(out, "KP1010") || !strings.Contains(out, "fix: ") {
		t.Fatalf("table: exit %d\n%s", code, out)
	}
}

func TestScanUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"scan", "--no-such-flag", "."},
		{"scan", "--fail-on", "urgent", "."},
		{"scan", "--format", "xml", "."},
		{"scan", "--side", "both", "."},
		{"scan", "--rules", "KP0000", "."},
		{"scan"},
		{"nope"},
	} {
		code, _, errs := runCLI(t, args...)
		if code != exitError || errs == "" {
			t.Errorf("%v: exit %d, stderr %q; want 2 and a message", args, code, errs)
		}
	}
}

func TestScanMissingPath(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a/Clean.java", []byte(clean))
	missing := filepath.Join(dir, "does-not-exist")
	code, out, errs := runCLI(t, "scan", "--format", "json", dir, missing)
	if code != exitError {
		t.Fatalf("exit %d, want 2", code)
	}
	r := decode(t, out)
	if r.Stats.Files != 1 || !hasNotice(r, "KP9004", reports.NoticeError, "does-not-exist") {
		t.Fatalf("want the good path scanned and an error notice for the missing one: %+v", r.Notices)
	}
	if !strings.Contains(errs, "could not be read") || !strings.Contains(errs, "KP9004") {
		t.Fatalf("stderr: %q", errs)
	}
}

func TestScanParseErrorKeepsFindings(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a/Broken.java", []byte(`package a;
public class Broken {
    void fail() { System.exit(3); }
    void broken( { int x = ; }
}
`))
	code, out, _ := runCLI(t, "scan", "--format", "json", dir)
	r := decode(t, out)
	if code != exitFindings {
		t.Fatalf("exit %d, want 1: the finding outside the broken span counts", code)
	}
	if len(r.Findings) == 0 || r.Findings[0].RuleID != "KP1010" || r.Findings[0].Location.Line != 3 {
		t.Fatalf("want KP1010 at line 3 kept, got %+v", r.Findings)
	}
	if !hasNotice(r, "KP9001", reports.NoticeWarning, "syntax error") {
		t.Fatalf("want a parse notice: %+v", r.Notices)
	}
	for _, n := range r.Notices {
		if n.Code == "KP9001" && n.Line != 4 {
			t.Fatalf("parse notice at line %d, want 4", n.Line)
		}
	}
}

func TestScanNonUTF8(t *testing.T) {
	dir := t.TempDir()
	src := []byte("package a;\n// Caf\xe9 \xfc\npublic class Latin {\n    void f() { System.exit(1); }\n}\n")
	writeFile(t, dir, "a/Latin.java", src)
	code, out, _ := runCLI(t, "scan", "--format", "json", dir)
	r := decode(t, out)
	if code != exitFindings || len(r.Findings) != 1 || r.Findings[0].Location.Line != 4 {
		t.Fatalf("exit %d findings %+v", code, r.Findings)
	}
	if !hasNotice(r, "KP9002", reports.NoticeWarning, "UTF-8") {
		t.Fatalf("want an encoding notice: %+v", r.Notices)
	}
}

func TestScanEmptyDirectory(t *testing.T) {
	// Scanning nothing is not a pass: exit 2 with a message, also when everything is excluded.
	code, out, errs := runCLI(t, "scan", "--format", "json", t.TempDir())
	r := decode(t, out)
	if code != exitError || r.Stats.Files != 0 || len(r.Findings) != 0 || !hasNotice(r, scanner.NoticeNothingScanned, reports.NoticeError, "nothing scanned") {
		t.Fatalf("exit %d, %+v %s", code, r.Stats, errs)
	}
	if !strings.Contains(errs, "nothing scanned") {
		t.Errorf("stderr does not say why: %s", errs)
	}
	dir := t.TempDir()
	writeFile(t, dir, "a/Leaky.java", []byte(leaky))
	if code, _, errs := runCLI(t, "scan", "--exclude", "a/**", dir); code != exitError || !strings.Contains(errs, "nothing scanned") {
		t.Fatalf("all excluded: exit %d %s", code, errs)
	}
	if code, _, errs := runCLI(t, "scan", "--exclude", "a/[", dir); code != exitError || !strings.Contains(errs, `invalid glob "a/["`) {
		t.Fatalf("bad glob: exit %d %s", code, errs)
	}
}

func TestScanSuppressions(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a/S.java", []byte(`package a;
public class S {
    void a() {
        System.exit(1); // kompat:ignore KP1010 -- a CLI tool, never installed as a module
    }
    void b() {
        // kompat:ignore KP1010
        System.exit(2);
    }
    // kompat:ignore KP2001 -- nothing here
    void c() { }
    @SuppressWarnings("kompat:KP1010 -- shutdown command of the standalone launcher")
    void d() {
        System.exit(3);
    }
}
`))
	code, out, _ := runCLI(t, "scan", "--format", "json", dir)
	r := decode(t, out)
	if code != exitOK {
		t.Fatalf("exit %d: every finding is suppressed, want 0\n%s", code, out)
	}
	if len(r.Findings) != 3 {
		t.Fatalf("want 3 findings kept (marked suppressed), got %d", len(r.Findings))
	}
	for _, f := range r.Findings {
		if f.Suppression == nil {
			t.Errorf("line %d not suppressed", f.Location.Line)
		}
	}
	if !hasNotice(r, "KP9010", reports.NoticeWarning, "no reason") {
		t.Errorf("want a notice for the suppression without a reason")
	}
	if !hasNotice(r, "KP9011", reports.NoticeWarning, "suppresses nothing") {
		t.Errorf("want a notice for the suppression that matches nothing")
	}
}

func TestRulesListAndExplain(t *testing.T) {
	code, out, _ := runCLI(t, "rules", "list")
	if code != exitOK || !strings.Contains(out, "KP2004") || !strings.Contains(out, "tccl-not-restored") {
		t.Fatalf("rules list: %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, "rules", "explain", "tccl-not-restored")
	if code != exitOK || !strings.Contains(out, "finally") || !strings.Contains(out, "Before") {
		t.Fatalf("rules explain: %d\n%s", code, out)
	}
	if code, _, _ = runCLI(t, "rules", "explain", "KP0001"); code != exitError {
		t.Fatalf("explain of an unknown rule: exit %d", code)
	}
}

// TestRulesCoverNotices: the KP9nnn notices are listed and explained like rules.
func TestRulesCoverNotices(t *testing.T) {
	code, out, _ := runCLI(t, "rules", "list")
	if code != exitOK || !strings.Contains(out, "KP9020") || !strings.Contains(out, "baseline-entry-stale") || !strings.Contains(out, "retired IDs") {
		t.Fatalf("rules list lacks the notices or the retired IDs: %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, "rules", "explain", "KP9020")
	if code != exitOK || !strings.Contains(out, "What it means") || !strings.Contains(out, "--write-baseline") {
		t.Fatalf("rules explain KP9020: %d\n%s", code, out)
	}
}

func hasNotice(r *reports.Report, code, level, text string) bool {
	for _, n := range r.Notices {
		if n.Code == code && n.Level == level && strings.Contains(n.Message+n.Path, text) {
			return true
		}
	}
	return false
}

// TestScanNamesAdapter: a hazard in a class that a Koupleless adapter replaces carries the
// adapter, and says whether the base (here a pom with dubbo 2.7.23 and no adapters) has it.
func TestScanNamesAdapter(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "org/apache/dubbo/common/utils/PojoUtils.java", []byte(`package org.apache.dubbo.common.utils;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
public class PojoUtils {
    private static final Map<Class<?>, Object> CLASS_CACHE = new ConcurrentHashMap<>();
    static void remember(Class<?> c, Object o) { CLASS_CACHE.put(c, o); }
}
`))
	code, out, errs := runCLI(t, "scan", "--format", "json", "--fail-on", "medium", "--rules", "KP2008", "--base", "../../testdata/adapters/base", dir)
	r := decode(t, out)
	if code != exitFindings || len(r.Findings) != 1 {
		t.Fatalf("exit %d (%s), findings %+v", code, errs, r.Findings)
	}
	ads := r.Findings[0].Adapters
	if len(ads) == 0 || ads[0].ArtifactID != "koupleless-adapter-dubbo-2.7" || ads[0].InBase {
		t.Fatalf("want the dubbo-2.7 adapter, not in the base: %+v", ads)
	}
}

// TestScanBaseline: accepted findings stop counting, a new one still fails, a line shift does not
// break the match, and stale entries are noticed.
func TestScanBaseline(t *testing.T) {
	dir := t.TempDir()
	src := writeFile(t, dir, "a/Leaky.java", []byte(leaky))
	base := filepath.Join(t.TempDir(), "baseline.json")
	if code, _, errs := runCLI(t, "scan", "--write-baseline", base, dir); code != exitOK || !strings.Contains(errs, "wrote 2 baseline entries") {
		t.Fatalf("first run: exit %d %s, want 0 and how many entries", code, errs)
	}
	// Shift every line down and add one more exit: only that one is new.
	shifted := "\n\n// moved\n" + strings.Replace(leaky, "void fail() { System.exit(3); }", "void fail() { System.exit(3); }\n    void again() { System.exit(4); }", 1)
	os.WriteFile(src, []byte(shifted), 0o644)
	code, out, _ := runCLI(t, "scan", "--format", "json", "--baseline", base, dir)
	r := decode(t, out)
	if code != exitFindings {
		t.Fatalf("exit %d, want 1 for the new finding", code)
	}
	states := map[string]int{}
	for _, f := range r.Findings {
		states[f.BaselineState]++
	}
	if states[reports.BaselineUnchanged] != 2 || states[reports.BaselineNew] != 1 {
		t.Fatalf("baseline states: %v", states)
	}
	// Back to the original: everything is in the baseline, the run passes.
	os.WriteFile(src, []byte(leaky), 0o644)
	if code, _, _ := runCLI(t, "scan", "--baseline", base, dir); code != exitOK {
		t.Fatalf("exit %d with everything baselined, want 0", code)
	}
	// Fix one hazard: the stale entry is reported.
	os.WriteFile(src, []byte(clean), 0o644)
	_, out, _ = runCLI(t, "scan", "--format", "json", "--baseline", base, dir)
	if !hasNotice(decode(t, out), "KP9020", reports.NoticeInfo, "matched no finding") {
		t.Fatal("want a stale-baseline notice")
	}
	if code, _, _ := runCLI(t, "scan", "--baseline", filepath.Join(dir, "nope.json"), dir); code != exitError {
		t.Fatalf("missing baseline file: exit %d, want 2", code)
	}
}

// TestScanExitInMainDependsOnSide: a module's main runs inside the base, a base's main does not.
func TestScanExitInMainDependsOnSide(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a/Main.java", []byte(`package a;
public class Main {
    public static void main(String[] args) { System.exit(1); }
}
`))
	if code, _, _ := runCLI(t, "scan", "--rules", "KP1010", dir); code != exitFindings {
		t.Fatalf("module side: exit %d, want 1", code)
	}
	if code, _, _ := runCLI(t, "scan", "--side", "base", "--rules", "KP1010", dir); code != exitOK {
		t.Fatalf("base side: exit %d, want 0", code)
	}
}
