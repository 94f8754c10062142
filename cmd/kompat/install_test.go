package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestInstalledBinaryRunsExample: a binary built with `go install` and run outside the checkout,
// with an empty cache, builds the bundled reference base and test modules from the sources
// embedded in it and verifies the clean module.
func TestInstalledBinaryRunsExample(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: installs kompat and builds the bundled examples from scratch")
	}
	if _, err := exec.LookPath("javac"); err != nil {
		t.Skip("no JDK")
	}
	t.Parallel()
	gobin, cache, work := t.TempDir(), t.TempDir(), t.TempDir()
	// -trimpath: the binary records no path into this checkout, as one that `go install ...@version`
	// builds from the read-only module cache cannot use its sources either.
	install := exec.Command("go", "install", "-trimpath", ".")
	install.Env = append(os.Environ(), "GOBIN="+gobin)
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("go install: %v\n%s", err, out)
	}
	cmd := exec.Command(filepath.Join(gobin, "kompat"), "verify", "--example", "clean", "--cycles", "1")
	cmd.Dir = work // no checkout here or above
	cmd.Env = append(os.Environ(), "KOMPAT_CACHE_DIR="+cache)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("kompat verify --example clean: %v\nstdout:\n%s\nstderr:\n%s", err, stdout.String(), stderr.String())
	}
	where := filepath.Join(cache, "fixtures")
	if !strings.Contains(stderr.String(), "bundled examples in "+where) || !strings.Contains(stderr.String(), "built with this machine's JDK") {
		t.Errorf("stderr does not say where the examples were built:\n%s", stderr.String())
	}
	jars, _ := filepath.Glob(filepath.Join(where, "*", "modules", "clean.jar"))
	bases, _ := filepath.Glob(filepath.Join(where, "*", "base.jar"))
	if len(jars) != 1 || len(bases) != 1 {
		t.Fatalf("cache %s: modules %v, bases %v", where, jars, bases)
	}
	if srcs, _ := filepath.Glob(filepath.Join(where, "*", "src")); len(srcs) != 0 {
		t.Errorf("the written sources stay in the cache: %v", srcs)
	}
	// A second run reuses the build.
	again := exec.Command(filepath.Join(gobin, "kompat"), "verify", "--list-examples")
	again.Dir, again.Env = work, cmd.Env
	var e2 bytes.Buffer
	again.Stderr = &e2
	out, err := again.Output()
	if err != nil || !strings.Contains(string(out), jars[0]) || !strings.Contains(e2.String(), "reused") {
		t.Fatalf("second run: %v\n%s\n%s", err, out, e2.String())
	}
}
