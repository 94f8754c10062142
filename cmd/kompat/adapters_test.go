package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kompat/kompat/adapters"
	"github.com/kompat/kompat/reports"
)

// runAdaptersCLI runs the CLI entry point from the repository root and returns exit code, stdout, stderr.
func runAdaptersCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), &env{stdout: &out, stderr: &errb}, append([]string{"adapters"}, args...))
	return code, out.String(), errb.String()
}

func decodeReport(t *testing.T, s string) *reports.Report {
	t.Helper()
	var r reports.Report
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		t.Fatalf("output is not a JSON report: %v\n%s", err, s)
	}
	return &r
}

func rulesOf(r *reports.Report) map[string]int {
	m := map[string]int{}
	for _, f := range r.Findings {
		m[f.RuleID]++
	}
	return m
}

func TestAdaptersCLI(t *testing.T) {
	t.Chdir("../..")
	const td = "testdata/adapters/"
	tests := []struct {
		name      string
		args      []string
		code      int
		rules     map[string]int // findings per rule in the JSON output (nil: not checked)
		notices   []string       // notice codes that must appear
		stderrHas string
		stdoutHas string // help goes to stdout
	}{
		{name: "no paths", args: nil, code: exitError, stderrHas: "no paths given"},
		{name: "unknown flag", args: []string{"--nope", td + "base"}, code: exitError, stderrHas: "unknown flag"},
		{name: "bad fail-on", args: []string{"--fail-on", "severe", td + "base"}, code: exitError, stderrHas: "--fail-on"},
		{name: "help", args: []string{"--help"}, code: exitOK, stdoutHas: "Usage: kompat adapters"},
		{name: "base pom: missing adapters", args: []string{td + "base"}, code: exitFindings,
			rules: map[string]int{"KP5001": 2}, notices: []string{adapters.NoticeNotResolved}},
		{name: "fail-on critical", args: []string{"--fail-on", "critical", td + "base"}, code: exitOK, rules: map[string]int{"KP5001": 2}},
		{name: "plugin base with custom mapping", args: []string{td + "base-plugin"}, code: exitOK, rules: map[string]int{"KP5003": 3}, notices: []string{adapters.NoticeMappingClash}},
		{name: "saved dependency list", args: []string{td + "maven/dependency-list.txt"}, code: exitFindings,
			rules: map[string]int{"KP5001": 5, "KP5002": 1}, notices: []string{adapters.NoticeBadMavenLine}},
		{name: "user mapping", args: []string{"--mapping", td + "mappings/acme.yaml", td + "base/pom.xml"}, code: exitFindings, rules: map[string]int{"KP5001": 3}},
		{name: "broken mapping", args: []string{"--mapping", td + "mappings/broken.yaml", td + "base"}, code: exitError,
			notices: []string{adapters.NoticeBadMapping}, stderrHas: "could not be read or a check could not complete"},
		{name: "modules against a base jar", args: []string{"--base", td + "jars/base-boot.jar", td + "jars/acme-module-1.0.0-ark-biz.jar", td + "jars/module-fat.jar"},
			code: exitFindings, rules: map[string]int{"KP4001": 1, "KP4003": 2, "KP4004": 1, "KP4005": 2, "KP4006": 1, "KP5001": 3, "KP5002": 1, "KP5003": 1, "KP5004": 1}},
		{name: "corrupt jar", args: []string{td + "jars/corrupt.jar"}, code: exitError, notices: []string{adapters.NoticeCorruptJar}},
		{name: "missing path", args: []string{td + "nope"}, code: exitError, notices: []string{adapters.NoticeUnreadable}},
		{name: "reference base of the harness", args: []string{"testdata/harness/base"}, code: exitOK, notices: []string{adapters.NoticeNoDependencies}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := tt.args
			if tt.rules != nil || tt.notices != nil {
				args = append([]string{"--format", "json", "--quiet"}, args...)
			}
			code, stdout, stderr := runAdaptersCLI(t, args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstderr: %s", code, tt.code, stderr)
			}
			if tt.stderrHas != "" && !strings.Contains(stderr, tt.stderrHas) {
				t.Errorf("stderr lacks %q:\n%s", tt.stderrHas, stderr)
			}
			if tt.stdoutHas != "" && !strings.Contains(stdout, tt.stdoutHas) {
				t.Errorf("stdout lacks %q:\n%s", tt.stdoutHas, stdout)
			}
			if tt.rules == nil && tt.notices == nil {
				return
			}
			r := decodeReport(t, stdout)
			if r.Command != "adapters" || r.SchemaVersion != reports.SchemaVersion {
				t.Errorf("command %q schema %d", r.Command, r.SchemaVersion)
			}
			if tt.rules != nil {
				if got := rulesOf(r); !equalCounts(got, tt.rules) {
					t.Errorf("findings per rule %v, want %v", got, tt.rules)
				}
			}
			for _, code := range tt.notices {
				found := false
				for _, n := range r.Notices {
					found = found || n.Code == code
				}
				if !found {
					t.Errorf("no %s notice in %+v", code, r.Notices)
				}
			}
			for _, f := range r.Findings {
				if f.Fingerprint == "" || f.Message == "" || f.Location.Path == "" || f.Slug == "" || f.Family == "" {
					t.Errorf("incomplete finding %+v", f)
				}
			}
		})
	}
}

func equalCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestAdaptersCLIOutputFileAndTable(t *testing.T) {
	t.Chdir("../..")
	out := filepath.Join(t.TempDir(), "report.json")
	code, stdout, _ := runAdaptersCLI(t, "--format", "json", "-o", out, "--fail-on", "info", "testdata/adapters/base-plugin")
	if code != exitFindings {
		t.Errorf("--fail-on info with info findings: exit %d, want %d", code, exitFindings)
	}
	if stdout != "" {
		t.Errorf("-o still wrote to stdout: %q", stdout)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	r := decodeReport(t, string(data))
	for _, f := range r.Findings {
		if len(f.Adapters) != 1 || !f.Adapters[0].InBase {
			t.Errorf("KP5003 must carry its adapter with inBase: %+v", f.Adapters)
		}
	}
	// The default table format names the rule and the adapter.
	code, stdout, _ = runAdaptersCLI(t, "testdata/adapters/maven/dependency-tree.txt")
	if code != exitFindings || !strings.Contains(stdout, "KP5001") {
		t.Errorf("table: exit %d\n%s", code, stdout)
	}
}

func TestAdaptersCLIList(t *testing.T) {
	t.Chdir("../..")
	code, stdout, stderr := runAdaptersCLI(t, "--list", "--mapping", "testdata/adapters/mappings/acme.yaml")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	mf, err := adapters.ParseMapping([]byte(stdout))
	if err != nil {
		t.Fatalf("--list output does not parse as adapter-mapping.yaml: %v", err)
	}
	if len(mf.AdapterMappings) != 27 {
		t.Errorf("mappings listed: %d, want 26 official + 1 user", len(mf.AdapterMappings))
	}
	for _, m := range mf.AdapterMappings {
		if m.Adapter.Version == "" {
			t.Errorf("%s listed without a version", m.Adapter.ArtifactID)
		}
	}
	if code, _, _ := runAdaptersCLI(t, "--list", "--mapping", "testdata/adapters/mappings/broken.yaml"); code != exitError {
		t.Errorf("--list with a broken mapping: exit %d, want %d", code, exitError)
	}
}

func TestAdaptersCLIDemo(t *testing.T) {
	t.Chdir("../..")
	if _, err := os.Stat("testdata/demo"); err != nil {
		t.Skip("testdata/demo does not exist yet")
	}
	code, stdout, stderr := runAdaptersCLI(t, "--format", "json", "testdata/demo")
	if code == exitError {
		t.Errorf("exit %d on testdata/demo: %s", code, stderr)
	}
	decodeReport(t, stdout)
}
