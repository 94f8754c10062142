package archive

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/kompat/kompat/reports"
	"github.com/kompat/kompat/scanner/classfile"
)

func hasNotice(r *result, code, level, pathPart string) bool {
	for _, n := range r.notices {
		if n.Code == code && n.Level == level && strings.Contains(n.Path, pathPart) {
			return true
		}
	}
	return false
}

func TestZipBomb(t *testing.T) {
	bomb := mkzip(t, cls("com/a/A"), zent{name: "com/a/Bomb.class", data: make([]byte, 64<<20)}, cls("com/a/Z"))
	if len(bomb) > 1<<20 {
		t.Fatalf("bomb is %d bytes", len(bomb))
	}
	r := walkFile(t, "bomb.jar", bomb, Options{})
	if !hasNotice(r, CodeZipBomb, reports.NoticeError, "bomb.jar!/com/a/Bomb.class") {
		t.Errorf("notices: %+v", r.notices)
	}
	if r.count(KindClass) != 2 {
		t.Errorf("classes after the bomb = %d, want 2 (the walk goes on)", r.count(KindClass))
	}
	// a nested bomb inside a stored jar
	outer := mkzip(t, zent{name: "lib/b.jar", data: bomb, store: true}, cls("com/o/O"))
	r = walkFile(t, "outer.jar", outer, Options{})
	if !hasNotice(r, CodeZipBomb, reports.NoticeError, "outer.jar!/lib/b.jar!/com/a/Bomb.class") || r.count(KindClass) != 3 {
		t.Errorf("nested bomb: %+v, %d classes", r.notices, r.count(KindClass))
	}
}

func TestDeepNesting(t *testing.T) {
	jar := mkzip(t, cls("com/deep/D"))
	for i := 0; i < 100; i++ {
		jar = mkzip(t, zent{name: fmt.Sprintf("lib/n%d.jar", i), data: jar, store: true}, cls(fmt.Sprintf("com/n/N%d", i)))
	}
	r := walkFile(t, "deep.jar", jar, Options{})
	if len(r.notices) != 1 || !hasNotice(r, CodeTooDeep, reports.NoticeError, "deep.jar!/") {
		t.Fatalf("notices: %+v", r.notices)
	}
	if got := r.count(KindArchive); got != DefaultLimits.MaxDepth+1 {
		t.Errorf("archives = %d, want %d", got, DefaultLimits.MaxDepth+1)
	}
	if strings.Count(r.notices[0].Path, "!/") != DefaultLimits.MaxDepth+1 {
		t.Errorf("notice path %s", r.notices[0].Path)
	}
}

func TestHostileClasses(t *testing.T) {
	good := classBytes("com/a/A")
	badMagic := append([]byte{0xDE, 0xAD}, good[2:]...)
	cpRange := append([]byte{}, good...)
	cpRange[len(cpRange)-11] = 9 // this_class -> index 9 of a 3-entry pool
	jar := mkzip(t, zent{name: "com/a/A.class", data: good}, zent{name: "com/a/Trunc.class", data: good[:len(good)/2]},
		zent{name: "com/a/Magic.class", data: badMagic}, zent{name: "com/a/Range.class", data: cpRange})
	r := walkFile(t, "classes.jar", jar, Options{})
	if len(r.notices) != 0 || r.count(KindClass) != 4 {
		t.Fatalf("walk: %+v, %d classes", r.notices, r.count(KindClass))
	}
	// the scanner turns parse errors into CodeClassUnreadable notices; each one here is an error
	var errs []string
	for _, e := range r.entries {
		if e.Kind != KindClass {
			continue
		}
		if _, err := classfile.ParseAndLower(e.Data, e.Path, ""); err != nil {
			if !errors.Is(err, classfile.ErrFormat) {
				t.Errorf("%s: %v is not a format error", e.Path, err)
			}
			errs = append(errs, e.Name)
		}
	}
	if strings.Join(errs, ",") != "com/a/Trunc.class,com/a/Magic.class,com/a/Range.class" {
		t.Errorf("unreadable classes = %v", errs)
	}
}

func TestDuplicateAndUnsafe(t *testing.T) {
	jar := mkzip(t, cls("com/a/A"), zent{name: "com/a/A.class", data: []byte("second")}, zent{name: "../../evil.class", data: classBytes("evil")},
		zent{name: "/abs/x.class", data: classBytes("x")}, cls("com/a/B"))
	r := walkFile(t, "dup.jar", jar, Options{})
	if !hasNotice(r, CodeDuplicate, reports.NoticeWarning, "dup.jar!/com/a/A.class") || !hasNotice(r, CodeUnsafePath, reports.NoticeWarning, "dup.jar") ||
		len(r.notices) != 3 {
		t.Errorf("notices: %+v", r.notices)
	}
	// Every copy of a duplicate is visited (the JVM loads the last one), and the archive lists it.
	if r.count(KindClass) != 3 {
		t.Errorf("classes = %d, want 3 (both copies of A and B)", r.count(KindClass))
	}
	var copies [][]byte
	var arch *Archive
	for _, e := range r.entries {
		if e.Path == "dup.jar!/com/a/A.class" {
			copies = append(copies, e.Data)
		}
		if e.Kind == KindArchive && e.Path == "dup.jar" {
			arch = e.Archive
		}
	}
	if len(copies) != 2 || !bytes.Equal(copies[0], classBytes("com/a/A")) || string(copies[1]) != "second" {
		t.Errorf("copies visited: %q", copies)
	}
	if arch == nil || strings.Join(arch.Duplicates, ",") != "com/a/A.class" {
		t.Errorf("archive duplicates: %+v", arch)
	}
}

func TestLimits(t *testing.T) {
	var ents []zent
	for i := 0; i < 30; i++ {
		ents = append(ents, cls(fmt.Sprintf("com/m/M%d", i)))
	}
	many := mkzip(t, ents...)
	r := walkFile(t, "many.jar", many, Options{Limits: Limits{MaxEntries: 10}})
	if !hasNotice(r, CodeTooManyFiles, reports.NoticeError, "many.jar") || r.count(KindClass) != 0 {
		t.Errorf("entries limit: %+v", r.notices)
	}
	r = walkFile(t, "many.jar", many, Options{Limits: Limits{MaxEntryBytes: 20}})
	if !hasNotice(r, CodeEntryTooBig, reports.NoticeError, "many.jar!/com/m/M0.class") || r.count(KindClass) != 0 {
		t.Errorf("entry size limit: %d notices", len(r.notices))
	}
	r = walkFile(t, "many.jar", many, Options{Limits: Limits{MaxTotalBytes: int64(7 * len(classBytes("com/m/M10")))}})
	if !hasNotice(r, CodeTotalBytes, reports.NoticeError, "many.jar") || len(r.notices) != 1 || r.count(KindClass) < 5 || r.count(KindClass) >= 10 {
		t.Errorf("total limit: %+v, %d classes", r.notices, r.count(KindClass))
	}
	// an archive whose end record claims a huge entry count is refused before it is parsed
	fake := append([]byte{}, many...)
	i := bytes.LastIndex(fake, []byte{0x50, 0x4b, 0x05, 0x06})
	binary.LittleEndian.PutUint16(fake[i+8:], 0xFFFE)
	binary.LittleEndian.PutUint16(fake[i+10:], 0xFFFE)
	r = walkFile(t, "fake.jar", fake, Options{Limits: Limits{MaxEntries: 1000}})
	if !hasNotice(r, CodeTooManyFiles, reports.NoticeError, "fake.jar") {
		t.Errorf("eocd count: %+v", r.notices)
	}
}

func TestCorrupt(t *testing.T) {
	data := make([]byte, 5000)
	for i := range data {
		data[i] = byte(i * 7)
	}
	jar := mkzip(t, zent{name: "com/a/A.class", data: data}, cls("com/a/B"))
	// flip a byte in the first entry's compressed data (after its 30+len(name) byte local header)
	bad := append([]byte{}, jar...)
	bad[30+len("com/a/A.class")+100] ^= 0xFF
	r := walkFile(t, "crc.jar", bad, Options{})
	if !hasNotice(r, CodeBadEntry, reports.NoticeError, "crc.jar!/com/a/A.class") || r.count(KindClass) != 1 {
		t.Errorf("corrupt entry: %+v, %d classes", r.notices, r.count(KindClass))
	}
	r = walkFile(t, "junk.jar", []byte("PK this is not a zip"), Options{})
	if !hasNotice(r, CodeUnreadable, reports.NoticeError, "junk.jar") {
		t.Errorf("junk: %+v", r.notices)
	}
	r = walkFile(t, "text.jar", []byte("hello"), Options{})
	if !hasNotice(r, CodeUnreadable, reports.NoticeError, "text.jar") {
		t.Errorf("text: %+v", r.notices)
	}
	// a nested jar that is not a zip
	r = walkFile(t, "outer.jar", mkzip(t, zent{name: "lib/broken.jar", data: []byte("nope")}, cls("com/o/O")), Options{})
	if !hasNotice(r, CodeUnreadable, reports.NoticeError, "outer.jar!/lib/broken.jar") || r.count(KindClass) != 1 {
		t.Errorf("nested junk: %+v", r.notices)
	}
}

// Item 9 of issue 9: stored nested jars are read in place and a compressed nested jar over the
// in-memory bound goes to a temporary file, so one walk's memory stays bounded whatever the
// nested jars hold. The input: three stored nested jars, each holding a compressed nested jar
// of about 2 MiB (a class and a padding resource that compresses about 2:1).
func TestNestedJarsMemoryBounded(t *testing.T) {
	rnd := rand.New(rand.NewSource(9))
	pad := make([]byte, 2<<20)
	for i := range pad {
		pad[i] = "0123456789abcdef"[rnd.Intn(16)]
	}
	var outer []zent
	for i := 0; i < 3; i++ {
		inner := mkzip(t, cls(fmt.Sprintf("com/in/I%d", i)), zent{name: "pad.bin", data: pad, store: true})
		mid := mkzip(t, zent{name: fmt.Sprintf("lib/inner%d.jar", i), data: inner}, cls(fmt.Sprintf("com/mid/M%d", i)))
		outer = append(outer, zent{name: fmt.Sprintf("lib/mid%d.jar", i), data: mid, store: true})
	}
	jar := mkzip(t, outer...)
	p := filepath.Join(t.TempDir(), "nested.jar")
	if err := os.WriteFile(p, jar, 0o644); err != nil {
		t.Fatal(err)
	}
	walk := func(lim Limits) (classes int, notices []reports.Notice, alloc uint64) {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		err := Walk(context.Background(), p, Options{Limits: lim, Notice: func(n reports.Notice) { notices = append(notices, n) }}, func(e *Entry) error {
			if e.Kind == KindClass {
				classes++
			}
			return nil
		})
		runtime.ReadMemStats(&after)
		if err != nil {
			t.Fatal(err)
		}
		return classes, notices, after.TotalAlloc - before.TotalAlloc
	}
	// Bounded to 1 MiB: every inner jar is spilled (an info notice each), every class is visited,
	// and the walk allocates far less than the 6 MiB of nested jars plus 6 MiB of inner jars it
	// read into memory before.
	classes, notices, alloc := walk(Limits{MaxHeldBytes: 1 << 20})
	if classes != 6 {
		t.Errorf("classes = %d, want 6", classes)
	}
	spilled := 0
	for _, n := range notices {
		if n.Code == CodeSpilled && n.Level == reports.NoticeInfo && strings.Contains(n.Path, "nested.jar!/lib/mid") {
			spilled++
		} else {
			t.Errorf("unexpected notice %+v", n)
		}
	}
	if spilled != 3 {
		t.Errorf("spilled notices = %d, want 3", spilled)
	}
	if alloc > 2<<20 {
		t.Errorf("the bounded walk allocated %d bytes, want under 2 MiB", alloc)
	}
	// Within the default bound the inner jars are inflated into memory (no notice) and the stored
	// middle jars are still not copied.
	classes, notices, alloc = walk(Limits{})
	if classes != 6 || len(notices) != 0 {
		t.Errorf("default limits: %d classes, notices %+v", classes, notices)
	}
	if alloc > 3*(2<<20)+(2<<20) {
		t.Errorf("the default walk allocated %d bytes, want about the three inner jars", alloc)
	}
}
