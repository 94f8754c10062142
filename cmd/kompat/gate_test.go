package main

import (
	"context"
	"os/exec"
	"strings"
	"testing"

	"github.com/kompat/kompat/harness/fixtures"
)

func TestGateUsage(t *testing.T) {
	for _, args := range [][]string{
		{"gate"},
		{"gate", "--skip", "lint", "--src", "."},
		{"gate", "stray", "--src", "."},
	} {
		if code, _, errs := runCLI(t, args...); code != exitError || errs == "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, errs)
		}
	}
}

// TestGateScanAndAdapters: the demo's static hazards and the base's missing adapters land in
// one report and one verdict; verify says why it did not run.
func TestGateScanAndAdapters(t *testing.T) {
	code, out, errs := runCLI(t, "gate", "--src", "../../testdata/demo", "--base", "../../testdata/adapters/base", "--format", "json")
	if code != exitFindings {
		t.Fatalf("exit %d, want 1; stderr %s", code, errs)
	}
	r := decode(t, out)
	families := map[string]bool{}
	for _, f := range r.Findings {
		families[f.Family] = true
	}
	if !families["resources"] || !families["adapters"] {
		t.Fatalf("want scan and adapter findings in one report, got families %v", families)
	}
	if !strings.Contains(errs, "kompat gate: FAIL") || !strings.Contains(errs, "verify: not run") {
		t.Fatalf("summary: %s", errs)
	}
}

// TestGateEndToEnd runs every stage on the reference base: a clean module passes, a leaky one
// fails with both its static hazard and the thread the harness saw survive.
func TestGateEndToEnd(t *testing.T) {
	if _, err := exec.LookPath("javac"); err != nil {
		t.Skip("javac not on PATH: the gate's verify stage needs a JDK")
	}
	built, err := fixtures.Default(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	code, _, errs := runCLI(t, "gate", "--module", built.Module("clean"), "--base", built.Base, "--cycles", "1", "-q")
	if code != exitOK {
		t.Fatalf("clean module: exit %d, want 0\n%s", code, errs)
	}
	code, out, errs := runCLI(t, "gate", "--module", built.Module("thread-leak"), "--base", built.Base, "--cycles", "1", "--format", "json")
	if code != exitFindings {
		t.Fatalf("thread-leak module: exit %d, want 1\n%s", code, errs)
	}
	r := decode(t, out)
	ids := map[string]bool{}
	for _, f := range r.Findings {
		ids[f.RuleID] = true
	}
	if !ids["KP3001"] || !ids["KP8002"] {
		t.Fatalf("want the static KP3001 and the runtime KP8002 for the same leak, got %v", ids)
	}
	if !strings.Contains(errs, "scan: ") || !strings.Contains(errs, "verify: ") {
		t.Fatalf("summary: %s", errs)
	}
}
