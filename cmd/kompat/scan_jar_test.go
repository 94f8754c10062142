package main

import (
	"archive/zip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kompat/kompat/reports"
)

// buildJar compiles Java sources with javac and packs the classes into a jar at dest.
func buildJar(t *testing.T, dest string, sources map[string]string) {
	t.Helper()
	if _, err := exec.LookPath("javac"); err != nil {
		t.Skip("javac not on PATH: jar scanning tests need a JDK")
	}
	src, out := t.TempDir(), t.TempDir()
	var files []string
	for name, body := range sources {
		files = append(files, writeFile(t, src, name, []byte(body)))
	}
	args := append([]string{"-g", "--release", "11", "-d", out}, files...)
	if b, err := exec.Command("javac", args...).CombinedOutput(); err != nil {
		t.Fatalf("javac: %v\n%s", err, b)
	}
	f, err := os.Create(dest)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	filepath.Walk(out, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		w, err := zw.Create(filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	})
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

func TestScanJarAndCorruptJar(t *testing.T) {
	dir := t.TempDir()
	buildJar(t, filepath.Join(dir, "good.jar"), map[string]string{"a/Leaky.java": leaky})
	writeFile(t, dir, "broken.jar", []byte("PK\x03\x04 this is not really a zip file"))
	code, out, errs := runCLI(t, "scan", "--format", "json", dir)
	r := decode(t, out)
	if code != exitError {
		t.Fatalf("exit %d, want 2 (one input unreadable); stderr %s", code, errs)
	}
	lines := map[string]int{}
	for _, f := range r.Findings {
		lines[f.RuleID] = f.Location.Line
		if !strings.Contains(f.Location.Path, "good.jar!/a/Leaky.class") {
			t.Errorf("location %q does not name the jar chain", f.Location.Path)
		}
	}
	if lines["KP1010"] != 3 || lines["KP2001"] != 4 {
		t.Fatalf("findings from the good jar: %v", lines)
	}
	found := false
	for _, n := range r.Notices {
		if n.Level == reports.NoticeError && strings.Contains(n.Path, "broken.jar") {
			found = true
		}
	}
	if !found {
		t.Fatalf("want an error notice naming broken.jar: %+v", r.Notices)
	}
}

func TestScanSideOf(t *testing.T) {
	dir := t.TempDir()
	src := `package a;
public class Shared {
    private static java.util.Map<Class<?>, String> names = new java.util.HashMap<>();
    static void name(Class<?> c) { names.put(c, c.getName()); }
}
`
	writeFile(t, dir, "shared/Shared.java", []byte(src))
	sev := func(args ...string) string {
		code, out, errs := runCLI(t, append([]string{"scan", "--format", "json", "--rules", "KP2008", "--fail-on", "critical"}, args...)...)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, errs)
		}
		r := decode(t, out)
		if len(r.Findings) != 1 {
			t.Fatalf("findings: %+v", r.Findings)
		}
		return r.Findings[0].Severity.String()
	}
	input := filepath.Join(dir, "shared")
	if got := sev(input); got != "medium" {
		t.Errorf("module side: %s, want medium", got)
	}
	if got := sev("--side", "base", input); got != "high" {
		t.Errorf("--side base: %s, want high", got)
	}
	if got := sev("--side-of", filepath.Join(dir, "*")+"=base", input); got != "high" {
		t.Errorf("--side-of: %s, want high", got)
	}
	if code, _, _ := runCLI(t, "scan", "--side-of", "nonsense", input); code != exitError {
		t.Errorf("bad --side-of: exit %d", code)
	}
}
