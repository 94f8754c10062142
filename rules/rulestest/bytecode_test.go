package rulestest

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kompat/kompat/reports"
	"github.com/kompat/kompat/rules"
	"github.com/kompat/kompat/scanner"
	"github.com/kompat/kompat/scanner/classfile"
)

// TestBytecodeFixtures: every rule that supports bytecode runs alone over its fixture compiled
// with `javac -g` for release 8 and 17, scanned as loose classes and as a jar, and the same
// `// want` lines must hold (findings map back to the .java file through SourceFile and the
// line through LineNumberTable).
func TestBytecodeFixtures(t *testing.T) {
	if _, err := exec.LookPath("javac"); err != nil {
		t.Skip("javac not on PATH: the bytecode half of the fixtures needs a JDK")
	}
	all, err := rules.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range all {
		if !m.Runs(rules.FrontBytecode) {
			continue
		}
		m := m
		dir := filepath.Join(fixtures, m.ID)
		fx, err := ReadFixture(dir)
		if err != nil || len(fx.Files) == 0 {
			continue // TestDefinitions reports it
		}
		for _, release := range []string{"8", "17"} {
			release := release
			t.Run(fmt.Sprintf("%s-%s/release%s", m.ID, m.Slug, release), func(t *testing.T) {
				fx := forRelease(t, fx, release)
				out := compileFixture(t, fx, release)
				jar := filepath.Join(t.TempDir(), "fixture.jar")
				if err := zipDir(out, jar); err != nil {
					t.Fatal(err)
				}
				for _, input := range []string{out, jar} {
					rep, err := scanner.Scan(context.Background(), scanner.Config{Paths: []string{input}, Rules: []*rules.Meta{m}, Workers: 1, EverySite: true})
					if err != nil {
						t.Fatal(err)
					}
					for _, n := range rep.Notices {
						if n.Level == reports.NoticeError {
							t.Errorf("%s: notice %s %s: %s", filepath.Base(input), n.Code, n.Path, n.Message)
						}
					}
					var got []Got
					for _, f := range rep.Findings {
						got = append(got, Got{File: sourceOf(t, out, f.Location.Path), Line: f.Location.Line, Message: f.Message})
					}
					for _, p := range Compare(fx, "bytecode", dedupe(got)) {
						t.Errorf("%s: %s", filepath.Base(input), p)
					}
				}
			})
		}
	}
}

// forRelease leaves out the fixture files whose first line is `// release 17` (Java 17 syntax
// such as instanceof patterns) when compiling for an older release, with their expectations.
func forRelease(t *testing.T, fx *Fixture, release string) *Fixture {
	t.Helper()
	if release == "17" {
		return fx
	}
	out := *fx
	out.Files, out.Wants = nil, nil
	skip := map[string]bool{}
	for _, f := range fx.Files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		first, _, _ := strings.Cut(string(data), "\n")
		if strings.TrimSpace(first) == "// release 17" {
			skip[f] = true
			continue
		}
		out.Files = append(out.Files, f)
	}
	for _, w := range fx.Wants {
		if !skip[w.File] {
			out.Wants = append(out.Wants, w)
		}
	}
	return &out
}

// compileFixture compiles a fixture folder with debug info into a cache dir keyed by the sources,
// so repeated runs do not pay javac again.
func compileFixture(t *testing.T, fx *Fixture, release string) string {
	t.Helper()
	h := sha256.New()
	for _, f := range fx.Files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		h.Write([]byte(f))
		h.Write(data)
	}
	out := filepath.Join(os.TempDir(), "kompat-fixtures", hex.EncodeToString(h.Sum(nil))[:16]+"-r"+release)
	if _, err := os.Stat(filepath.Join(out, ".done")); err == nil {
		return out
	}
	tmp := out + ".tmp"
	os.RemoveAll(tmp)
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		t.Fatal(err)
	}
	args := append([]string{"-g", "-nowarn", "-Xlint:-options", "--release", release, "-d", tmp}, fx.Files...)
	if b, err := exec.Command("javac", args...).CombinedOutput(); err != nil {
		t.Fatalf("javac --release %s: %v\n%s", release, err, b)
	}
	os.WriteFile(filepath.Join(tmp, ".done"), nil, 0o644)
	os.RemoveAll(out)
	if err := os.Rename(tmp, out); err != nil {
		t.Fatal(err)
	}
	return out
}

// sourceOf maps a class file (on disk, or inside fixture.jar) to the .java file it came from.
func sourceOf(t *testing.T, classDir, path string) string {
	rel := path
	if i := strings.LastIndex(path, "!/"); i >= 0 {
		rel = path[i+2:]
	} else if r, err := filepath.Rel(classDir, path); err == nil {
		rel = r
	}
	data, err := os.ReadFile(filepath.Join(classDir, rel))
	if err != nil {
		return path
	}
	cf, err := classfile.Parse(data)
	if err != nil || cf.SourceFile == "" {
		return path
	}
	return cf.SourceFile
}

// dedupe drops repeats of the same finding on the same line (javac copies instance initializers
// and finally blocks, so one source line can become several bytecode sites).
func dedupe(got []Got) []Got {
	seen := map[string]bool{}
	var out []Got
	for _, g := range got {
		k := fmt.Sprintf("%s|%d|%s", g.File, g.Line, g.Message)
		if !seen[k] {
			seen[k] = true
			out = append(out, g)
		}
	}
	return out
}

func zipDir(dir, dest string) error {
	f, err := os.Create(dest)
	if err != nil {
		return err
	}
	zw := zip.NewWriter(f)
	err = filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || !strings.HasSuffix(p, ".class") {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		w, err := zw.Create(filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		src, err := os.Open(p)
		if err != nil {
			return err
		}
		defer src.Close()
		_, err = io.Copy(w, src)
		return err
	})
	if cerr := zw.Close(); err == nil {
		err = cerr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
