package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestGitHubAction: action.yml builds kompat from this repository, scans with SARIF and github
// annotations, uploads the SARIF and fails on kompat's exit code; the scan command it runs is
// valid and writes valid SARIF.
func TestGitHubAction(t *testing.T) {
	data, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var a struct {
		Name   string
		Inputs map[string]struct{ Default string }
		Runs   struct {
			Using string
			Steps []struct {
				Name, Uses, Run, ID, If string
				With                    map[string]string
			}
		}
	}
	if err := yaml.Unmarshal(data, &a); err != nil {
		t.Fatal(err)
	}
	if a.Runs.Using != "composite" || a.Inputs["fail-on"].Default != "high" {
		t.Fatalf("action: %+v", a)
	}
	var build, scan, upload, verdict bool
	for _, s := range a.Runs.Steps {
		switch {
		case strings.Contains(s.Run, "go build -o \"$RUNNER_TEMP/kompat\" ./cmd/kompat"):
			build = true
		case strings.Contains(s.Run, "kompat\" scan --root \"$GITHUB_WORKSPACE\" --fail-on \"$FAIL_ON\" --category \"$CATEGORY\""):
			scan = strings.Contains(s.Run, "--format sarif -o \"$sarif\" --format github")
		case strings.HasPrefix(s.Uses, "github/codeql-action/upload-sarif@"):
			upload = s.With["sarif_file"] == "${{ steps.scan.outputs.sarif }}" && strings.Contains(s.If, "always()")
		case strings.Contains(s.Run, "exit \"$(cat \"$RUNNER_TEMP/kompat.exit\")\""):
			verdict = true
		}
	}
	if !build || !scan || !upload || !verdict {
		t.Fatalf("build %v scan %v upload %v verdict %v", build, scan, upload, verdict)
	}
	// The same command line here.
	root := repoTree(t)
	sarif := filepath.Join(t.TempDir(), "k.sarif")
	code, out, errs := runCLI(t, "scan", "--root", root, "--fail-on", "high", "--category", "kompat", "--format", "sarif", "-o", sarif, "--format", "github", root)
	if code != exitFindings || !strings.Contains(out, "::error file=") {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	sd, _ := os.ReadFile(sarif)
	checkSARIF(t, sd)
}

// TestPreCommitHook: the hook definition runs a kompat command line that works on the files a
// commit passes it.
func TestPreCommitHook(t *testing.T) {
	data, err := os.ReadFile("../../.pre-commit-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var hooks []struct {
		ID, Entry, Language string
		Types               []string
	}
	if err := yaml.Unmarshal(data, &hooks); err != nil || len(hooks) != 1 {
		t.Fatalf("%v %+v", err, hooks)
	}
	h := hooks[0]
	args := strings.Fields(h.Entry)
	if h.ID != "kompat" || h.Language != "golang" || args[0] != "kompat" || len(h.Types) != 1 || h.Types[0] != "java" {
		t.Fatalf("hook %+v", h)
	}
	root := repoTree(t)
	bad := filepath.Join(root, "mod/src/main/java/a/Leaky.java")
	good := writeFile(t, root, "c/Fine.java", []byte("package c;\nclass Fine { int x() { return 1; } }\n"))
	if code, _, errs := runCLI(t, append(args[1:], bad)...); code != exitFindings {
		t.Errorf("hook on a leaky file: exit %d %s", code, errs)
	}
	if code, _, errs := runCLI(t, append(args[1:], good)...); code != exitOK {
		t.Errorf("hook on a clean file: exit %d %s", code, errs)
	}
}

// TestInstallNotesTellTheCgoError: README's install section quotes the error a build without cgo
// really gives, and the fix.
func TestInstallNotesTellTheCgoError(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go on PATH")
	}
	cmd := exec.Command(goBin, "build", "-o", os.DevNull, "./scanner/javasrc")
	cmd.Dir = "../.."
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatal("the parser built without cgo: the README's install note is wrong")
	}
	readme, _ := os.ReadFile("../../README.md")
	const quoted = "undefined: sitter.Language"
	if !strings.Contains(string(out), quoted) || !strings.Contains(string(readme), quoted) || !strings.Contains(string(readme), "CGO_ENABLED=1") {
		t.Errorf("build output %q; README must quote %q and the fix", out, quoted)
	}
}
