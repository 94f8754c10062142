package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestHelpAndVersion(t *testing.T) {
	if code, out, _ := runCLI(t, "--version"); code != exitOK || !strings.HasPrefix(out, "kompat "+version) {
		t.Errorf("--version: exit %d %q", code, out)
	}
	for _, args := range [][]string{{"help", "scan"}, {"scan", "--help"}, {"scan", "-h"}} {
		code, out, errs := runCLI(t, args...)
		if code != exitOK || errs != "" || !strings.Contains(out, "Usage: kompat scan") || !strings.Contains(out, "Examples:\n  kompat scan src/") || !strings.Contains(out, "--fail-on") {
			t.Errorf("%v: exit %d, stdout %q stderr %q", args, code, out, errs)
		}
	}
	for _, c := range []string{"adapters", "verify", "gate", "rules", "completion"} {
		if code, out, _ := runCLI(t, c, "--help"); code != exitOK || !strings.Contains(out, "Usage: kompat "+c) || !strings.Contains(out, "Examples:") {
			t.Errorf("%s --help: exit %d %q", c, code, out)
		}
	}
	if code, _, errs := runCLI(t, "sacn", "."); code != exitError || !strings.Contains(errs, `did you mean "scan"?`) {
		t.Errorf("mistyped command: exit %d %s", code, errs)
	}
	if code, _, errs := runCLI(t, "scan", "--fromat", "json", "."); code != exitError || !strings.Contains(errs, "did you mean --format?") {
		t.Errorf("mistyped flag: exit %d %s", code, errs)
	}
	if code, _, errs := runCLI(t, "rules", "explain", "KP100"); code != exitError || !strings.Contains(errs, "did you mean") {
		t.Errorf("mistyped rule: exit %d %s", code, errs)
	}
}

// TestCompletion: the scripts name the commands and their flags, and bash parses its script.
func TestCompletion(t *testing.T) {
	for _, sh := range []string{"bash", "zsh", "fish"} {
		code, out, errs := runCLI(t, "completion", sh)
		if code != exitOK || !strings.Contains(out, "scan") || !strings.Contains(out, "fail-on") || !strings.Contains(out, "cycles") {
			t.Fatalf("%s: exit %d %s", sh, code, errs)
		}
		if sh == "bash" {
			p := filepath.Join(t.TempDir(), "k.bash")
			os.WriteFile(p, []byte(out), 0o644)
			if msg, err := exec.Command("bash", "-n", p).CombinedOutput(); err != nil {
				t.Errorf("bash cannot parse the script: %v %s", err, msg)
			}
			// Complete "kompat scan --fa" in a real bash.
			script := "source " + p + "; COMP_WORDS=(kompat scan --fa); COMP_CWORD=2; _kompat; echo ${COMPREPLY[@]}"
			got, err := exec.Command("bash", "-c", script).CombinedOutput()
			if err != nil || !strings.Contains(string(got), "--fail-on") {
				t.Errorf("bash completion of --fa: %v %q", err, got)
			}
		}
	}
	if code, _, _ := runCLI(t, "completion", "tcsh"); code != exitError {
		t.Error("unknown shell accepted")
	}
}

// TestConfigFileAndEnv: .kompat.yaml at the root sets flags of any command, KOMPAT_<FLAG>
// overrides it, a flag overrides both, and unknown keys are errors.
func TestConfigFileAndEnv(t *testing.T) {
	root := repoTree(t)
	t.Chdir(root)
	writeFile(t, root, ".kompat.yaml", []byte("scan:\n  fail-on: none\n  exclude: [\"other/**\"]\nverify:\n  cycles: 5\n"))
	// From the file: fail-on none and other/ excluded.
	code, out, errs := runCLI(t, "scan", "--format", "json", ".")
	if code != exitOK {
		t.Fatalf("config fail-on none: exit %d %s", code, errs)
	}
	for _, f := range decode(t, out).Findings {
		if strings.HasPrefix(f.Location.Path, "other/") {
			t.Errorf("config exclude not applied: %s", f.Location.Path)
		}
	}
	// The environment beats the file; a flag beats both.
	t.Setenv("KOMPAT_FAIL_ON", "low")
	if code, _, _ := runCLI(t, "scan", "."); code != exitFindings {
		t.Errorf("KOMPAT_FAIL_ON=low: exit %d, want 1", code)
	}
	if code, _, _ := runCLI(t, "scan", "--fail-on", "none", "."); code != exitOK {
		t.Errorf("--fail-on none over env: exit %d, want 0", code)
	}
	t.Setenv("KOMPAT_FAIL_ON", "bogus")
	if code, _, errs := runCLI(t, "scan", "."); code != exitError || !strings.Contains(errs, "bogus") {
		t.Errorf("bad env value: exit %d %s", code, errs)
	}
	os.Unsetenv("KOMPAT_FAIL_ON")
	// Unknown keys are errors, with a suggestion; --config names another file.
	for text, want := range map[string]string{
		"scan:\n  fail-onn: low\n":   `scan has no flag "fail-onn" (did you mean "fail-on"?)`,
		"scna:\n  fail-on: low\n":    `unknown command "scna" (did you mean "scan"?)`,
		"all:\n  cycles: 3\n":        `all has no flag "cycles"`,
		"scan:\n  fail-on: [a: b]\n": "fail-on",
		"just a string\n":            "want a map of command names",
	} {
		p := writeFile(t, t.TempDir(), "c.yaml", []byte(text))
		if code, _, errs := runCLI(t, "scan", "--config", p, "."); code != exitError || !strings.Contains(errs, want) {
			t.Errorf("config %q: exit %d, stderr %s (want %q)", text, code, errs, want)
		}
	}
	p := writeFile(t, t.TempDir(), "c.yaml", []byte("all:\n  fail-on: none\n"))
	if code, _, errs := runCLI(t, "scan", "--config", p, "."); code != exitOK {
		t.Errorf("--config with all.fail-on none: exit %d %s", code, errs)
	}
}

func TestGateSkippingEveryStageIsNotAPass(t *testing.T) {
	code, _, errs := runCLI(t, "gate", "--src", "../../testdata/demo", "--base", "../../testdata/adapters/base", "--skip", "scan,adapters,verify")
	if code != exitError || !strings.Contains(errs, "no stage ran") || !strings.Contains(errs, "kompat gate: ERROR") {
		t.Fatalf("exit %d: %s", code, errs)
	}
}

// TestColorFlagAndNoColor: --color always colours, never does not, and auto on a terminal
// honours NO_COLOR.
func TestColorFlagAndNoColor(t *testing.T) {
	root := repoTree(t)
	tty := func(args ...string) string {
		var out, errb bytes.Buffer
		run(context.Background(), &env{stdout: &out, stderr: &errb, stdoutIsTTY: true}, args)
		return out.String()
	}
	if out := tty("scan", "--root", root, root); !strings.Contains(out, "\x1b[") {
		t.Error("auto on a terminal: no colour")
	}
	t.Setenv("NO_COLOR", "1")
	if out := tty("scan", "--root", root, root); strings.Contains(out, "\x1b[") {
		t.Error("NO_COLOR set: still coloured")
	}
	if out := tty("scan", "--color", "always", "--root", root, root); !strings.Contains(out, "\x1b[") {
		t.Error("--color always: no colour")
	}
	os.Unsetenv("NO_COLOR")
	if out := tty("scan", "--color", "never", "--root", root, root); strings.Contains(out, "\x1b[") {
		t.Error("--color never: coloured")
	}
	if code, _, _ := runCLI(t, "scan", "--color", "sometimes", root); code != exitError {
		t.Error("bad --color accepted")
	}
}

// TestCIFormatsFromTheCLI: github, junit and gitlab are formats like any other.
func TestCIFormatsFromTheCLI(t *testing.T) {
	root := repoTree(t)
	for format, want := range map[string]string{"github": "::error file=mod/src/main/java/a/Leaky.java,line=", "junit": "<testsuites", "gitlab": `"check_name": "KP`} {
		code, out, errs := runCLI(t, "scan", "--root", root, "--format", format, root)
		if code != exitFindings || !strings.Contains(out, want) {
			t.Errorf("%s: exit %d, output lacks %q\n%s%s", format, code, want, out, errs)
		}
	}
}
