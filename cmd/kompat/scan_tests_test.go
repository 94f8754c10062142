package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Test code and build tooling are skipped by default with one notice; --include-tests scans them.
func TestScanSkipsTestCode(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "app/src/main/java/a/Leaky.java", []byte(leaky))
	for _, p := range []string{"app/src/test/java/a/LeakyTest.java", "app/src/testFixtures/java/a/Fix.java", "app/src/jmh/java/a/Bench.java",
		"app/src/it/java/a/It.java", "buildSrc/src/main/java/a/Plugin.java", "app-tests/src/main/java/a/T.java", "microbench/src/main/java/a/B.java"} {
		writeFile(t, dir, p, []byte(strings.Replace(leaky, "class Leaky", "class "+strings.TrimSuffix(filepath.Base(p), ".java"), 1)))
	}
	writeFile(t, dir, "app-tests/pom.xml", []byte("<project/>"))
	writeFile(t, dir, "microbench/pom.xml", []byte("<project/>"))
	// A package named test inside main sources is production code.
	writeFile(t, dir, "app/src/main/java/a/test/Probe.java", []byte("package a.test;\npublic class Probe { void f() { System.exit(1); } }\n"))

	code, out, _ := runCLI(t, "scan", "--format", "json", dir)
	if code != exitFindings {
		t.Fatalf("exit %d", code)
	}
	r := decode(t, out)
	for _, f := range r.Findings {
		if !strings.Contains(f.Location.Path, "/src/main/java/a/") || strings.Contains(f.Location.Path, "app-tests") {
			t.Errorf("finding in skipped code: %s", f.Location.Path)
		}
	}
	if r.Stats.Files != 2 {
		t.Errorf("scanned %d files, want 2 (Leaky and a/test/Probe)", r.Stats.Files)
	}
	var notes []string
	for _, n := range r.Notices {
		if n.Code == "KP9013" {
			notes = append(notes, n.Message)
		}
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "skipped 7 file(s)") || !strings.Contains(notes[0], "--include-tests") {
		t.Fatalf("want one KP9013 notice counting 7 files, got %q", notes)
	}

	_, out, _ = runCLI(t, "scan", "--format", "json", "--include-tests", dir)
	r = decode(t, out)
	if r.Stats.Files != 9 {
		t.Errorf("--include-tests scanned %d files, want 9", r.Stats.Files)
	}
	for _, n := range r.Notices {
		if n.Code == "KP9013" {
			t.Errorf("--include-tests still reports %s", n.Message)
		}
	}
}

// A class present as source and as a compiled class is one finding, at the source; a build
// output folder beside src/main/java is not walked.
func TestScanSourceAndCompiledClassOnce(t *testing.T) {
	if _, err := exec.LookPath("javac"); err != nil {
		t.Skip("javac not on PATH")
	}
	dir := t.TempDir()
	src := writeFile(t, dir, "proj/src/main/java/a/Leaky.java", []byte(leaky))
	for _, out := range []string{filepath.Join(dir, "proj/target/classes"), filepath.Join(dir, "classes")} {
		if b, err := exec.Command("javac", "-g", "-d", out, src).CombinedOutput(); err != nil {
			t.Fatalf("javac: %v\n%s", err, b)
		}
	}
	_, out, _ := runCLI(t, "scan", "--format", "json", filepath.Join(dir, "proj"), filepath.Join(dir, "classes"))
	r := decode(t, out)
	count := map[string]int{}
	for _, f := range r.Findings {
		count[f.RuleID]++
		if !strings.HasSuffix(f.Location.Path, ".java") {
			t.Errorf("finding at the compiled copy: %s %s", f.RuleID, f.Location.Path)
		}
	}
	if count["KP1010"] != 1 || count["KP2001"] != 1 {
		t.Errorf("want KP1010 and KP2001 once each, got %v", count)
	}
	if r.Stats.Files != 2 {
		t.Errorf("scanned %d files, want 2 (the source and classes/a/Leaky.class; target/ is skipped)", r.Stats.Files)
	}
	found := false
	for _, n := range r.Notices {
		found = found || n.Code == "KP9014"
	}
	if !found {
		t.Error("no KP9014 notice for the skipped target/ folder")
	}
}
