package main

import (
	"archive/zip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/mattn/go-runewidth"
)

// TestHostileNamesAreEscaped (issue 9 item 8): file and jar entry names with terminal escape
// sequences and bytes that are not UTF-8 are printed escaped in every text output, and the HTML
// report stays valid UTF-8.
func TestHostileNamesAreEscaped(t *testing.T) {
	if _, err := exec.LookPath("javac"); err != nil {
		t.Skip("no javac")
	}
	root := repoTree(t)
	evil := "x\x1b]0;pwned\x07\x1b[2J\xff"
	code := []byte("package a;\npublic class Exit { void f() { System.exit(1); } }\n")
	writeFile(t, root, "src/"+evil+"/a/Exit.java", code)
	// A jar whose entry name carries escapes (javac compiles a clean copy: it cannot open the name).
	classes := t.TempDir()
	// (another class than the source's: a class seen as source and compiled is reported once)
	clean := writeFile(t, t.TempDir(), "j/Jarred.java", []byte("package j;\npublic class Jarred { void f() { System.exit(1); } }\n"))
	if out, err := exec.Command("javac", "-g", "-d", classes, clean).CombinedOutput(); err != nil {
		t.Fatalf("javac: %v %s", err, out)
	}
	class, _ := os.ReadFile(filepath.Join(classes, "j", "Jarred.class"))
	jarPath := filepath.Join(root, "lib", "evil.jar")
	os.MkdirAll(filepath.Dir(jarPath), 0o755)
	jf, _ := os.Create(jarPath)
	zw := zip.NewWriter(jf)
	w, _ := zw.Create("j/Jarred\x1b[31m.class")
	w.Write(class)
	zw.Close()
	jf.Close()

	t.Setenv("COLUMNS", "80")
	for _, format := range []string{"table", "github"} {
		code, out, errs := runCLI(t, "scan", "--root", root, "--format", format, root)
		if code != exitFindings {
			t.Fatalf("%s: exit %d %s", format, code, errs)
		}
		for _, s := range []string{out, errs} {
			if strings.ContainsAny(s, "\x1b\x07") || strings.IndexByte(s, 0xff) >= 0 {
				t.Errorf("%s: raw control characters or bytes printed: %q", format, s)
			}
		}
		// (the table may wrap the long name, so it checks the part before the last escape)
		if !strings.Contains(out, `x\x1b]0;pwned\x07\x1b[2J`) || (format == "github" && !strings.Contains(out, `x\x1b]0;pwned\x07\x1b[2J\xff/a/Exit.java`)) {
			t.Errorf("%s: the escaped name is not shown:\n%s", format, out)
		}
		if format == "table" {
			if !strings.Contains(out, `Jarred\x1b[31m.class`) {
				t.Errorf("jar entry name not shown escaped:\n%s", out)
			}
			for _, l := range strings.Split(out, "\n") {
				if runewidth.StringWidth(l) > 80 {
					t.Errorf("line wider than COLUMNS=80: %q", l)
				}
			}
		}
	}
	page := filepath.Join(t.TempDir(), "r.html")
	runCLI(t, "scan", "--root", root, "--format", "html", "-o", page, root)
	data, _ := os.ReadFile(page)
	if !utf8.Valid(data) || strings.ContainsAny(string(data), "\x1b\x07") {
		t.Error("the HTML report holds invalid UTF-8 or control characters")
	}
}

// TestSARIFClassFileOnItsSource: a class compiled by javac -g, scanned without its source,
// points at the source file in the tree (SourceFile and package path), at the javac line.
func TestSARIFClassFileOnItsSource(t *testing.T) {
	if _, err := exec.LookPath("javac"); err != nil {
		t.Skip("no javac")
	}
	root := repoTree(t)
	classes := filepath.Join(root, "mod", "target", "classes")
	if out, err := exec.Command("javac", "-g", "-d", classes, filepath.Join(root, "mod/src/main/java/a/Leaky.java")).CombinedOutput(); err != nil {
		t.Fatalf("javac: %v %s", err, out)
	}
	sarif := filepath.Join(t.TempDir(), "k.sarif")
	code, _, errs := runCLI(t, "scan", "--root", root, "--format", "sarif", "-o", sarif, classes)
	if code != exitFindings {
		t.Fatalf("exit %d %s", code, errs)
	}
	data, _ := os.ReadFile(sarif)
	checkSARIF(t, data)
	s := string(data)
	if !strings.Contains(s, `"uri": "mod/src/main/java/a/Leaky.java"`) || strings.Contains(s, `"uri": "mod/target/classes/a/Leaky.class"`) {
		t.Errorf("class-file findings do not point at the source:\n%s", s)
	}
	if !strings.Contains(s, `"startLine": 3`) {
		t.Errorf("the System.exit line (3) is not the region:\n%s", s)
	}
}
