package scanner

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/kompat/kompat/reports"
	"github.com/kompat/kompat/rules"
)

// Hostile inputs (issue 9): every input is generated here.

func write(t *testing.T, dir, name, src string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func scanCfg(t *testing.T, cfg Config) *reports.Report {
	t.Helper()
	if cfg.Workers == 0 {
		cfg.Workers = 2
	}
	done := make(chan struct{})
	var rep *reports.Report
	var err error
	go func() {
		defer close(done)
		rep, err = Scan(context.Background(), cfg)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Minute): // a hang guard only, never a performance assertion
		t.Fatal("scan hangs")
	}
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func scanPaths(t *testing.T, paths ...string) *reports.Report {
	return scanCfg(t, Config{Paths: paths, Side: rules.SideModule})
}

func findingsOf(rep *reports.Report, id, path string) int {
	n := 0
	for _, f := range rep.Findings {
		if f.RuleID == id && (path == "" || strings.HasSuffix(f.Location.Path, path)) {
			n++
		}
	}
	return n
}

func noticeOf(rep *reports.Report, code, level, path string) *reports.Notice {
	for i := range rep.Notices {
		n := &rep.Notices[i]
		if n.Code == code && n.Level == level && (path == "" || strings.HasSuffix(n.Path, path)) {
			return n
		}
	}
	return nil
}

const exits = "package a;\npublic class Exits { void f() { System.exit(1); } }\n"

// Item 1: sources nested past the flattening depth lower what they can, say where the rest was
// cut off (an error notice, so the exit code is 2), and never lose the other files' findings.
func TestDeepSourcesDoNotCrashTheScan(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a/Exits.java", exits)
	deep := map[string]string{
		"Lambdas.java": "class L { Object o = " + strings.Repeat("() -> ", 4100) + "null; }\n",
		"Assign.java":  "class A { int a; void f() { " + strings.Repeat("a = ", 4090) + "1; System.exit(2); } }\n",
		"Enums.java":   strings.Repeat("enum E { X;\n", 1365) + strings.Repeat("}\n", 1365),
		"ForName.java": "class F { Object o() throws Exception { return Class.forName(\"x.Y\")" + strings.Repeat(" + \"a\"", 4100) + "; } }\n",
		"Parens.java":  "class P { int v = " + strings.Repeat("(", 5000) + "1" + strings.Repeat(")", 5000) + "; }\n",
	}
	for name, src := range deep {
		write(t, dir, name, src)
	}
	rep := scanPaths(t, dir)
	if findingsOf(rep, "KP1010", "Exits.java") != 1 {
		t.Fatalf("the shallow file's finding is lost: %+v", rep.Findings)
	}
	for name := range deep {
		n := noticeOf(rep, "KP9001", reports.NoticeError, name)
		if n == nil || n.Line < 1 || !strings.Contains(n.Message, "nested deeper") {
			t.Errorf("%s: want a KP9001 error notice with a location, got %+v", name, rep.Notices)
		}
	}
	// What lies above the depth limit is still lowered: the exit after the chain of assignments.
	if findingsOf(rep, "KP1010", "Assign.java") != 1 {
		t.Errorf("Assign.java: System.exit after the deep assignment chain is missing: %+v", rep.Findings)
	}
	if !rep.HasErrors() {
		t.Fatal("a file with code that was not analysed must count (exit 2)")
	}
	if rep.Stats.Files != 1+len(deep) {
		t.Fatalf("scanned %d files, want %d", rep.Stats.Files, 1+len(deep))
	}
}

// Item 1: a panic in one file's work is an error notice for that file; the others are kept.
func TestPanicInOneFileKeepsTheOthers(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a/Exits.java", exits)
	write(t, dir, "b/Boom.java", "class Boom {}\n")
	testJobHook = func(p string) {
		if strings.HasSuffix(p, "Boom.java") {
			panic("injected fault")
		}
	}
	defer func() { testJobHook = nil }()
	rep := scanPaths(t, dir)
	if findingsOf(rep, "KP1010", "Exits.java") != 1 {
		t.Fatalf("findings lost: %+v", rep.Findings)
	}
	n := noticeOf(rep, "KP9003", reports.NoticeError, "Boom.java")
	if n == nil || !strings.Contains(n.Message, "injected fault") {
		t.Fatalf("want an internal-error notice for Boom.java: %+v", rep.Notices)
	}
	if rep.Stats.Files != 1 || rep.Stats.Skipped != 1 {
		t.Fatalf("stats %+v", rep.Stats)
	}
}

// Item 5: a cancelled context stops the scan (the signal handler cancels it).
func TestScanStopsWhenCancelled(t *testing.T) {
	dir := t.TempDir()
	chain := "class C { Object o(Object a) { return a" + strings.Repeat(".b", 4000) + "; } }\n"
	for _, n := range []string{"A", "B", "C"} {
		write(t, dir, n+".java", strings.Replace(chain, "class C", "class "+n, 1))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Scan(ctx, Config{Paths: []string{dir}, Workers: 1})
	if err == nil || !strings.Contains(err.Error(), "interrupted") {
		t.Fatalf("want an interrupted scan, got %v", err)
	}
}

// Item 4: special files are never opened for reading (a FIFO without a writer would block
// forever, /dev/zero never ends); they are skipped with a notice: an error when named as an
// argument, a warning when met in a directory.
func TestSpecialFilesAreSkipped(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a/Exits.java", exits)
	var fifos []string
	for _, n := range []string{"X.java", "X.jar", "X.class"} {
		p := filepath.Join(dir, "a", n)
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
		fifos = append(fifos, p)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "a", "Zero.java")); err != nil {
		t.Fatal(err)
	}
	rep := scanPaths(t, dir)
	if findingsOf(rep, "KP1010", "Exits.java") != 1 || rep.Stats.Files != 1 {
		t.Fatalf("findings %+v stats %+v", rep.Findings, rep.Stats)
	}
	for _, n := range []string{"X.java", "X.jar", "X.class", "Zero.java"} {
		if noticeOf(rep, "KP9008", reports.NoticeWarning, n) == nil {
			t.Errorf("%s: want a skip notice: %+v", n, rep.Notices)
		}
	}
	// As arguments: errors, and the scan still ends.
	rep = scanPaths(t, append(fifos, filepath.Join(dir, "a", "Zero.java"))...)
	for _, n := range []string{"X.java", "X.jar", "X.class", "Zero.java"} {
		if noticeOf(rep, "KP9008", reports.NoticeError, n) == nil {
			t.Errorf("%s as an argument: want an error notice: %+v", n, rep.Notices)
		}
	}
	// The readers themselves refuse special files even when asked directly.
	if _, err := readSource(fifos[0], -1); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Fatalf("readSource on a FIFO: %v", err)
	}
}

// Item 6: a source over the size limit is an error (exit 2), never a silent pass; waiving the
// limit scans it.
func TestOversizedSourceCounts(t *testing.T) {
	dir := t.TempDir()
	big := write(t, dir, "Big.java", exits+"// "+strings.Repeat("x", 4096)+"\n")
	rep := scanCfg(t, Config{Paths: []string{big}, MaxFileSize: 1024})
	if n := noticeOf(rep, "KP9005", reports.NoticeError, "Big.java"); n == nil || !strings.Contains(n.Message, "--max-file-size") {
		t.Fatalf("want an error notice naming the flag: %+v", rep.Notices)
	}
	if rep.Stats.Files != 0 || rep.Stats.Skipped != 1 || !rep.HasErrors() {
		t.Fatalf("a skipped file is not scanned: %+v", rep.Stats)
	}
	rep = scanCfg(t, Config{Paths: []string{big}, MaxFileSize: -1})
	if findingsOf(rep, "KP1010", "") != 1 || rep.Stats.Files != 1 {
		t.Fatalf("waived limit: %+v %+v", rep.Findings, rep.Stats)
	}
}

// Item 6: byte-order marks select the encoding; a UTF-16 source is not read as Latin-1.
func TestByteOrderMarks(t *testing.T) {
	dir := t.TempDir()
	src := "package a;\n// caf\u00e9 \u4e2d\npublic class Exits { void f() { System.exit(1); } }\n"
	units := utf16.Encode([]rune(src))
	le, be := []byte{0xFF, 0xFE}, []byte{0xFE, 0xFF}
	for _, u := range units {
		le = append(le, byte(u), byte(u>>8))
		be = append(be, byte(u>>8), byte(u))
	}
	write(t, dir, "le/Exits.java", string(le))
	write(t, dir, "be/Exits.java", string(be))
	write(t, dir, "u8/Exits.java", "\xEF\xBB\xBF"+src)
	rep := scanPaths(t, dir)
	for _, d := range []string{"le/Exits.java", "be/Exits.java", "u8/Exits.java"} {
		if findingsOf(rep, "KP1010", d) != 1 {
			t.Errorf("%s: hazard missed: %+v", d, rep.Findings)
		}
	}
	if noticeOf(rep, "KP9002", reports.NoticeWarning, "") != nil {
		t.Errorf("a file with a BOM is not Latin-1: %+v", rep.Notices)
	}
	for _, f := range rep.Findings {
		if f.Location.Line != 3 {
			t.Errorf("%s: line %d, want 3", f.Location.Path, f.Location.Line)
		}
	}
}

// Item 10: symlinked files in a scanned directory are scanned once; links to directories
// (loops included) are skipped with a notice.
func TestSymlinksInDirectories(t *testing.T) {
	root := t.TempDir()
	outside := write(t, root, "outside/Exits.java", exits)
	dir := filepath.Join(root, "src")
	write(t, dir, "a/Plain.java", "class Plain {}\n")
	for _, l := range []struct{ target, link string }{
		{outside, "a/Linked.java"},
		{outside, "a/Again.java"},                               // the same real file: scanned once
		{filepath.Join(dir, "a", "Plain.java"), "a/Alias.java"}, // a file of the tree itself: once
		{dir, "a/loop"},                                         // a loop back to the root
		{filepath.Join(root, "missing.java"), "a/Broken.java"},
	} {
		if err := os.Symlink(l.target, filepath.Join(dir, l.link)); err != nil {
			t.Fatal(err)
		}
	}
	rep := scanPaths(t, dir)
	if findingsOf(rep, "KP1010", "") != 1 {
		t.Fatalf("the linked file is scanned once: %+v", rep.Findings)
	}
	if rep.Stats.Files != 2 {
		t.Fatalf("files %d, want 2 (Plain.java and the linked file)", rep.Stats.Files)
	}
	if noticeOf(rep, "KP9009", reports.NoticeWarning, "a/loop") == nil || noticeOf(rep, "KP9009", reports.NoticeWarning, "Broken.java") == nil {
		t.Fatalf("want notices for the directory link and the broken link: %+v", rep.Notices)
	}
}

// An input that is itself a link to a directory is scanned through the link, and its findings
// keep the path the user gave.
func TestSymlinkedRootIsScanned(t *testing.T) {
	root := t.TempDir()
	write(t, root, "real/a/Exits.java", exits)
	link := filepath.Join(root, "link")
	if err := os.Symlink(filepath.Join(root, "real"), link); err != nil {
		t.Fatal(err)
	}
	rep := scanPaths(t, link)
	if rep.Stats.Files != 1 || findingsOf(rep, "KP1010", "") != 1 {
		t.Fatalf("files %d, findings %+v, notices %+v: want the linked tree scanned", rep.Stats.Files, rep.Findings, rep.Notices)
	}
	if got := rep.Findings[0].Location.Path; !strings.HasPrefix(filepath.ToSlash(got), filepath.ToSlash(link)+"/") {
		t.Fatalf("path %q, want it under the link %q", got, link)
	}
}

// javacClass compiles one class and returns its bytes (the test skips without a JDK).
func javacClass(t *testing.T, name, src string) []byte {
	t.Helper()
	if _, err := exec.LookPath("javac"); err != nil {
		t.Skip("javac not installed")
	}
	dir := t.TempDir()
	write(t, dir, name+".java", src)
	out, err := exec.Command("javac", "-d", dir, filepath.Join(dir, name+".java")).CombinedOutput()
	if err != nil {
		t.Fatalf("javac: %v\n%s", err, out)
	}
	data, err := os.ReadFile(filepath.Join(dir, "a", name+".class"))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// Item 2: a jar with two entries for one class, the second (the one the JVM loads) calling
// Runtime.exit: every copy is scanned and the duplicate is a finding of its own.
func TestDuplicateJarEntryCannotHideAHazard(t *testing.T) {
	clean := javacClass(t, "Boot", "package a; public class Boot { public int f() { return 1; } }\n")
	bad := javacClass(t, "Boot", "package a; public class Boot { public int f() { Runtime.getRuntime().exit(1); return 1; } }\n")
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, data := range [][]byte{clean, bad} {
		w, err := zw.Create("a/Boot.class")
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	jar := write(t, t.TempDir(), "dup.jar", b.String())
	all, err := rules.Load()
	if err != nil {
		t.Fatal(err)
	}
	rep := scanCfg(t, Config{Paths: []string{jar}, Rules: all, Side: rules.SideModule})
	if findingsOf(rep, "KP1010", "") == 0 {
		t.Errorf("the Runtime.exit in the second copy is missed: %+v", rep.Findings)
	}
	if findingsOf(rep, "KP4009", "dup.jar") != 1 {
		t.Errorf("want a KP4009 finding for the duplicate: %+v", rep.Findings)
	}
	if len(rep.Failing(reports.SeverityHigh)) == 0 {
		t.Fatalf("a jar with a duplicate class hiding Runtime.exit must fail the gate: %+v", rep.Findings)
	}
	// The same jar with the hazard in the first copy: still two findings, still failing.
	b.Reset()
	zw = zip.NewWriter(&b)
	for _, data := range [][]byte{bad, clean} {
		w, _ := zw.Create("a/Boot.class")
		w.Write(data)
	}
	zw.Close()
	os.WriteFile(jar, b.Bytes(), 0o644)
	rep = scanCfg(t, Config{Paths: []string{jar}, Rules: all, Side: rules.SideModule})
	if findingsOf(rep, "KP1010", "") == 0 || findingsOf(rep, "KP4009", "dup.jar") != 1 {
		t.Errorf("hazard in the first copy: %+v", rep.Findings)
	}
}

// Which copy of a duplicate class the JVM runs, checked with a real JVM (not assumed): the jar
// holds two a/Main.class entries printing "first" and "second"; `java -cp` runs the last copy
// of the central directory, and KP4009 says so.
func TestDuplicateJarEntryTheJVMRunsTheLastCopy(t *testing.T) {
	if _, err := exec.LookPath("java"); err != nil {
		t.Skip("java not installed")
	}
	src := "package a; public class Main { public static void main(String[] x) { System.out.println(\"%s\"); } }\n"
	first := javacClass(t, "Main", strings.Replace(src, "%s", "first", 1))
	second := javacClass(t, "Main", strings.Replace(src, "%s", "second", 1))
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, data := range [][]byte{first, second} {
		w, err := zw.Create("a/Main.class")
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	jar := write(t, t.TempDir(), "dup.jar", b.String())
	out, err := exec.Command("java", "-cp", jar, "a.Main").CombinedOutput()
	if err != nil {
		t.Fatalf("java: %v\n%s", err, out)
	}
	if got := strings.TrimSpace(string(out)); got != "second" {
		t.Fatalf("the JVM ran the %q copy; KP4009 and KP9207 say the last copy is loaded", got)
	}
	all, err := rules.Load()
	if err != nil {
		t.Fatal(err)
	}
	rep := scanCfg(t, Config{Paths: []string{jar}, Rules: all, Side: rules.SideModule})
	var msg string
	for _, f := range rep.Findings {
		if f.RuleID == "KP4009" {
			msg = f.Message
		}
	}
	if !strings.Contains(msg, "the JVM loads the last copy") {
		t.Errorf("KP4009 message does not name the copy the JVM loads: %q", msg)
	}
}
