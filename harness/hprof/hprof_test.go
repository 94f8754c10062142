package hprof

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// dumpHolder compiles testdata/holder with javac, runs it and takes a heap dump of it with jcmd
// (GC.heap_dump plus the given options, e.g. -all). It skips when no JDK is installed.
func dumpHolder(tb testing.TB, opts ...string) string {
	tb.Helper()
	for _, tool := range []string{"java", "javac", "jcmd"} {
		if _, err := exec.LookPath(tool); err != nil {
			tb.Skipf("no %s on PATH: the heap dump tests need a JDK", tool)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dir := tb.TempDir()
	cp, plug := filepath.Join(dir, "cp"), filepath.Join(dir, "plugin")
	run := func(name string, args ...string) {
		tb.Helper()
		if out, err := exec.CommandContext(ctx, name, args...).CombinedOutput(); err != nil {
			tb.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
	}
	run("javac", "-d", cp, "testdata/holder/Holder.java")
	run("javac", "-d", plug, "testdata/holder/plugin/Plugin.java")
	cmd := exec.CommandContext(ctx, "java", "-Xmx64m", "-XX:+UseSerialGC", "-cp", cp, "Holder", plug)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		tb.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	defer func() {
		stdin.Close()
		cmd.Wait()
	}()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || strings.TrimSpace(line) != "ready" {
		tb.Fatalf("holder did not start: %q %v\n%s", line, err, stderr.String())
	}
	file := filepath.Join(dir, "heap.hprof")
	args := append([]string{strconv.Itoa(cmd.Process.Pid), "GC.heap_dump"}, opts...)
	run("jcmd", append(args, file)...)
	return file
}

type loaderPath struct {
	path *Path
	ok   bool
}

// loaderPaths returns each Holder$LeakLoader by name with its shortest strong path.
func loaderPaths(t *testing.T, file string) map[string]loaderPath {
	t.Helper()
	h, err := Open(file)
	if err != nil {
		t.Fatal(err)
	}
	ids := h.Instances("Holder$LeakLoader")
	names, err := h.ObjectNames(ids)
	if err != nil {
		t.Fatal(err)
	}
	paths, err := h.ShortestPaths(ids)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.NameThreads(paths); err != nil {
		t.Fatal(err)
	}
	out := map[string]loaderPath{}
	for _, id := range ids {
		p, ok := paths[id]
		if ok {
			p.Target = "loader"
		}
		out[names[id]] = loaderPath{p, ok}
	}
	return out
}

func TestStrongPathsInRealDump(t *testing.T) {
	// -all: no GC before the dump, so the weakly and softly held loaders are still in it.
	got := loaderPaths(t, dumpHolder(t, "-all"))
	for _, name := range []string{"static-map", "instance", "thread-context", "weak-only", "soft-only"} {
		if _, ok := got[name]; !ok {
			t.Fatalf("loader %q not in the dump; found %v", name, got)
		}
	}
	want := map[string]string{
		"static-map":     `^static field Holder\.CACHE -> java\.util\.HashMap\.table -> java\.util\.HashMap\$Node\[\]\[\d+\] -> java\.util\.HashMap\$Node\.value -> loader$`,
		"instance":       `^static field Holder\.PLUGIN -> plugin\.Plugin instance -> class plugin\.Plugin \(its loader\) -> loader$`,
		"thread-context": `^thread 'holder-thread' \(context loader\)$`,
	}
	for name, re := range want {
		lp := got[name]
		if !lp.ok {
			t.Errorf("%s: no strong path found", name)
			continue
		}
		t.Logf("%s: %s\n  full: %s", name, lp.path.String(), lp.path.Full())
		if s := lp.path.String(); !regexp.MustCompile(re).MatchString(s) {
			t.Errorf("%s: path %q does not match %s (full: %s)", name, s, re, lp.path.Full())
		}
	}
	for _, name := range []string{"weak-only", "soft-only"} {
		if lp := got[name]; lp.ok {
			t.Errorf("%s is held only through a %s reference, yet a strong path was reported: %s", name, strings.TrimSuffix(name, "-only"), lp.path.Full())
		}
	}
}

func TestLiveDumpDropsWeaklyHeld(t *testing.T) {
	// A live dump runs a full GC first: the weakly held loader is gone; the strong ones stay.
	got := loaderPaths(t, dumpHolder(t))
	if _, ok := got["weak-only"]; ok {
		t.Errorf("weak-only loader survived the full GC of a live dump")
	}
	for _, name := range []string{"static-map", "instance", "thread-context"} {
		if lp := got[name]; !lp.ok {
			t.Errorf("%s: missing or without a strong path in a live dump", name)
		}
	}
	if lp, ok := got["soft-only"]; ok && lp.ok {
		t.Errorf("soft-only has a strong path: %s", lp.path.Full())
	}
}

func TestDefinedBy(t *testing.T) {
	h, err := Open(dumpHolder(t))
	if err != nil {
		t.Fatal(err)
	}
	cs := h.ClassByName("plugin.Plugin")
	if len(cs) != 1 {
		t.Fatalf("plugin.Plugin classes: %d", len(cs))
	}
	if got := h.DefinedBy(cs[0].Loader); len(got) != 1 || got[0] != "plugin.Plugin" {
		t.Errorf("classes defined by the plugin loader: %v", got)
	}
	if c := h.ClassOf(cs[0].Loader); c == nil || c.Name != "Holder$LeakLoader" {
		t.Errorf("class of the plugin loader: %+v", c)
	}
	if h.Objects() < 1000 || h.References() < h.Objects() {
		t.Errorf("implausible graph: %d objects, %d references", h.Objects(), h.References())
	}
}

func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	hdr := append([]byte("JAVA PROFILE 1.0.2\x00"), 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0)
	// A STRING record that claims more bytes than the file has.
	trunc := append(append([]byte{}, hdr...), tagString, 0, 0, 0, 0, 0, 0, 0, 100, 1, 2, 3)
	// A heap dump segment with an unknown sub-record.
	badSub := append(append([]byte{}, hdr...), tagHeapDumpSegment, 0, 0, 0, 0, 0, 0, 0, 1, 0x77)
	for name, tc := range map[string]struct {
		data []byte
		want string
	}{
		"empty":     {nil, "not an HPROF file"},
		"text":      {[]byte("hello world\x00"), "not an HPROF file"},
		"idsize":    {append([]byte("JAVA PROFILE 1.0.2\x00"), 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0), "identifier size 3"},
		"truncated": {trunc, "past the end of the file"},
		"subrecord": {badSub, "unknown heap dump sub-record 0x77"},
	} {
		_, err := Open(write(name, tc.data))
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: error %v, want one naming the file and %q", name, err, tc.want)
		}
	}
	if _, err := Open(filepath.Join(dir, "missing.hprof")); err == nil {
		t.Error("a missing file gave no error")
	}
}

// TestSyntheticReferent builds dumps by hand with 4-byte ids: a JNI global holds a WeakReference
// whose referent is the target, and a Holder with a strong field to the target is rooted or not.
func TestSyntheticReferent(t *testing.T) {
	for _, rooted := range []bool{false, true} {
		file := filepath.Join(t.TempDir(), "synthetic.hprof")
		if err := os.WriteFile(file, syntheticDump(rooted), 0o644); err != nil {
			t.Fatal(err)
		}
		h, err := Open(file)
		if err != nil {
			t.Fatal(err)
		}
		paths, err := h.ShortestPaths([]ID{300})
		if err != nil {
			t.Fatal(err)
		}
		p, ok := paths[300]
		switch {
		case !rooted && ok:
			t.Errorf("the referent of a WeakReference counted as strongly held: %s", p.Full())
		case rooted && !ok:
			t.Errorf("no path through the rooted Holder's strong field")
		case rooted && p.String() != "object used as a monitor -> Holder.strong -> Target":
			t.Errorf("path %q", p.String())
		}
	}
}

func syntheticDump(rootHolder bool) []byte {
	b := newBuilder()
	str := func(id uint32, s string) { b.record(tagString, be32(id), []byte(s)) }
	str(1, "java/lang/Object")
	str(2, "java/lang/ref/Reference")
	str(3, "java/lang/ref/WeakReference")
	str(4, "referent")
	str(5, "Target")
	str(6, "Holder")
	str(7, "strong")
	for i, c := range []struct{ id, name uint32 }{{100, 1}, {101, 2}, {102, 3}, {103, 5}, {104, 6}} {
		b.record(tagLoadClass, be32(uint32(i+1)), be32(c.id), be32(0), be32(c.name))
	}
	var seg bytes.Buffer
	class := func(id, super uint32, fields ...[2]uint32) {
		seg.WriteByte(subClassDump)
		seg.Write(cat(be32(id), be32(0), be32(super), be32(0), be32(0), be32(0), be32(0), be32(0), be32(0)))
		seg.Write([]byte{0, 0, 0, 0}) // no constants, no statics
		seg.Write(be16(uint16(len(fields))))
		for _, f := range fields {
			seg.Write(be32(f[0]))
			seg.WriteByte(byte(f[1]))
		}
	}
	inst := func(id, cls uint32, refs ...uint32) {
		seg.WriteByte(subInstanceDump)
		seg.Write(cat(be32(id), be32(0), be32(cls), be32(uint32(4*len(refs)))))
		for _, r := range refs {
			seg.Write(be32(r))
		}
	}
	// The instances come first, before their classes: the reader must not depend on the order.
	inst(200, 102, 300) // WeakReference(referent = target)
	inst(300, 103)      // the target
	inst(400, 104, 300) // Holder(strong = target)
	class(100, 0)
	class(101, 100, [2]uint32{4, typeObject})
	class(102, 101)
	class(103, 100)
	class(104, 100, [2]uint32{7, typeObject})
	seg.WriteByte(subRootJNIGlobal)
	seg.Write(cat(be32(200), be32(0)))
	if rootHolder {
		seg.WriteByte(subRootMonitorUsed)
		seg.Write(be32(400))
	}
	b.record(tagHeapDumpSegment, seg.Bytes())
	return b.Bytes()
}

type builder struct{ bytes.Buffer }

func newBuilder() *builder {
	b := &builder{}
	b.WriteString("JAVA PROFILE 1.0.2\x00")
	b.Write(cat(be32(4), be32(0), be32(0)))
	return b
}

func (b *builder) record(tag byte, parts ...[]byte) {
	body := cat(parts...)
	b.WriteByte(tag)
	b.Write(cat(be32(0), be32(uint32(len(body))), body))
}

func be32(v uint32) []byte { return binary.BigEndian.AppendUint32(nil, v) }
func be16(v uint16) []byte { return binary.BigEndian.AppendUint16(nil, v) }
func cat(parts ...[]byte) []byte {
	var out []byte
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func BenchmarkParseDump(b *testing.B) {
	file := dumpHolder(b)
	fi, err := os.Stat(file)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(fi.Size())
	b.ReportAllocs()
	for b.Loop() {
		h, err := Open(file)
		if err != nil {
			b.Fatal(err)
		}
		ids := h.Instances("Holder$LeakLoader")
		if _, err := h.ShortestPaths(ids); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzOpen: any byte string is an error or a heap, never a panic or an allocation the file
// cannot back; paths and strings of what parses can be asked for.
func FuzzOpen(f *testing.F) {
	f.Add(syntheticDump(false))
	f.Add(syntheticDump(true))
	f.Add([]byte("JAVA PROFILE 1.0.2\x00\x00\x00\x00\x08\x00\x00\x00\x00\x00\x00\x00\x00"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		file := filepath.Join(dir, "fuzz.hprof")
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
		h, err := Open(file)
		if err != nil {
			return
		}
		var ids []ID
		for _, o := range h.objs {
			ids = append(ids, o.id)
		}
		paths, err := h.ShortestPaths(ids)
		if err != nil {
			return
		}
		for _, p := range paths {
			_ = p.String() + p.Full()
		}
		_ = h.NameThreads(paths)
		_, _ = h.ObjectNames(ids)
	})
}
