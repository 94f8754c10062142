package javasrc

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
)

// fuzzSeeds are hostile shapes the frontend must survive: generated nesting around and past the
// flattening depth, long chains, unicode names and escapes, and every byte-order mark.
func fuzzSeeds() [][]byte {
	utf16le := func(s string, bom bool) []byte {
		var b []byte
		if bom {
			b = append(b, 0xFF, 0xFE)
		}
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u), byte(u>>8))
		}
		return b
	}
	utf16be := func(s string) []byte {
		b := []byte{0xFE, 0xFF}
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u>>8), byte(u))
		}
		return b
	}
	exit := "class E { void f() { Runtime.getRuntime().exit(1); } }\n"
	src := []string{
		exit,
		"class L { Object o = " + strings.Repeat("() -> ", 300) + "null; }\n",
		"class L { Object o = " + strings.Repeat("() -> ", maxDepth/2+10) + "null; }\n",
		"class A { void f() { int a; " + strings.Repeat("a = ", 500) + "1; } }\n",
		"class N { " + strings.Repeat("enum E { A; ", 200) + strings.Repeat("} ", 200) + "}\n",
		"class F { Object o(Object a) { return a" + strings.Repeat(".b", 800) + "; } }\n",
		"class F { void f() { Class.forName(\"x.Y\"" + strings.Repeat(" + \"a\"", 600) + "); } }\n",
		"class B { void f() { if (a) { " + strings.Repeat("{ ", 400) + strings.Repeat("} ", 400) + "} } }\n",
		"class S { void f() { g(" + strings.Repeat("h(", 300) + strings.Repeat(")", 300) + "); } }\n",
		"class Ünïcødé { String ñ = \"日本語\"; void 𝔣() { Thread 线程 = new Thread(); 线程.start(); } }\n",
		"class U { void f() { \\u0052untime.getRuntime().exit(1); } }\n",
		"class C { /* \u202e */ String s = \"\\u0000\\uFFFF\"; char c = '\\uD800'; }\n",
		"package a.b; import static java.lang.System.*; @SuppressWarnings(\"kompat:KP1010\") class I { void f() { exit(0); } } // kompat:ignore KP1010 reason\n",
		"record R(int a) { R { if (a < 0) throw new IllegalArgumentException(); } }\n",
		"sealed interface S permits A {} final class A implements S { int f(Object o) { return switch (o) { case Integer i when i > 0 -> i; default -> 0; }; } }\n",
		"class T { String s = \"\"\"\n  text block \\u0041\n  \"\"\"; }\n",
		"class Broken { void f( { ) } } } ]]]\n",
		"",
		"\x00\x01\x02",
	}
	var seeds [][]byte
	for _, s := range src {
		seeds = append(seeds, []byte(s))
	}
	seeds = append(seeds,
		append([]byte{0xEF, 0xBB, 0xBF}, exit...),
		utf16le(exit, true),
		utf16be(exit),
		append(utf16le(exit, true), 0x41), // odd length
		utf16le(exit, false),              // UTF-16 without a BOM
		[]byte{0xFF, 0xFE},
		[]byte{0xFE, 0xFF, 0xD8, 0x00},                   // a lone surrogate
		[]byte("class L1 { String s = \"caf\xe9\"; }\n"), // ISO-8859-1
	)
	return seeds
}

// FuzzLower checks that no input makes the Java frontend panic (a recovered panic is reported as an
// "internal error" notice, which fails the fuzzer), that notice positions lie inside the file, and
// that a reused parser lowers an input the same way twice.
func FuzzLower(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add(s)
	}
	fixtures, _ := filepath.Glob("../../testdata/rules/*/*.java")
	for _, p := range fixtures {
		if data, err := os.ReadFile(p); err == nil && len(data) < 64<<10 {
			f.Add(data)
		}
	}
	p, err := NewParser()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		res := p.Parse("Fuzz.java", append([]byte(nil), src...))
		if res.File == nil {
			t.Fatal("no file")
		}
		lines := len(res.File.LineStarts())
		for _, n := range res.Notices {
			if strings.Contains(n.Message, "internal error") {
				t.Fatalf("lowering panicked: %s (line %d)", n.Message, n.Line)
			}
			if n.Line < 0 || n.Line > lines+1 || n.Col < 0 {
				t.Fatalf("notice outside the file (%d lines): %+v", lines, n)
			}
		}
		again := p.Parse("Fuzz.java", append([]byte(nil), src...))
		if summary(res) != summary(again) {
			t.Fatalf("a reused parser lowers the input differently:\n%s\nvs\n%s", summary(res), summary(again))
		}
	})
}

// summary is a compact fingerprint of a lowering: classes, methods, ops and notices.
func summary(r *Result) string {
	var b strings.Builder
	for _, c := range r.File.Classes {
		b.WriteString(c.Name)
		for _, m := range c.Methods {
			b.WriteString(" " + m.Name)
			for _, op := range m.Ops {
				b.WriteString("," + op.Owner + "." + op.Name)
			}
		}
		b.WriteString(";")
	}
	for _, n := range r.Notices {
		b.WriteString(n.Code + n.Message + ";")
	}
	return b.String()
}

// The seeds themselves, as a plain test: every shape lowers without an internal error.
func TestLowerFuzzSeeds(t *testing.T) {
	p, err := NewParser()
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	for i, s := range fuzzSeeds() {
		res := p.Parse("Seed.java", s)
		for _, n := range res.Notices {
			if strings.Contains(n.Message, "internal error") {
				t.Errorf("seed %d: %s", i, n.Message)
			}
		}
	}
}
