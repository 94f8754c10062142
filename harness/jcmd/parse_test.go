package jcmd

import (
	"errors"
	"reflect"
	"testing"
)

const threadDump = `2026-11-22 02:51:43
Full thread dump OpenJDK 64-Bit Server VM (17.0.15+6-Debian-1deb12u1 mixed mode, sharing):

"Reference Handler" #2 daemon prio=10 os_prio=0 cpu=0.10ms elapsed=4.20s tid=0x1 nid=0x2 waiting on condition  [0x0]
   java.lang.Thread.State: RUNNABLE
	at java.lang.ref.Reference.waitForReferencePendingList(java.base@17.0.15/Native Method)

"thread-leak-poller" #17 prio=5 os_prio=0 cpu=0.94ms elapsed=4.02s tid=0x7 nid=0x2651 waiting on condition  [0x0]
   java.lang.Thread.State: TIMED_WAITING (sleeping)
	at java.lang.Thread.sleep(java.base@17.0.15/Native Method)
	at kompat.modules.threadleak.Main.poll(Main.java:13)
	at kompat.modules.threadleak.Main$$Lambda$54/0x00007fced801ca08.run(Unknown Source)
	at java.lang.Thread.run(java.base@17.0.15/Thread.java:840)

"C2 CompilerThread0" #6 daemon prio=9 os_prio=0 cpu=1.00ms elapsed=4.20s tid=0x3 nid=0x4 waiting on condition  [0x0]
   java.lang.Thread.State: RUNNABLE
   No compile task

"VM Thread" os_prio=0 cpu=2.00ms elapsed=4.20s tid=0x5 nid=0x6 runnable
`

func TestParseThreadDump(t *testing.T) {
	th := ParseThreadDump(threadDump)
	if len(th) != 3 {
		t.Fatalf("want 3 Java threads (VM Thread has no #id), got %d: %+v", len(th), th)
	}
	p := th[1]
	if p.Name != "thread-leak-poller" || p.ID != "#17" || p.Daemon || p.State != "TIMED_WAITING (sleeping)" {
		t.Fatalf("header parsed wrong: %+v", p)
	}
	if p.Frames[0] != "java.lang.Thread.sleep(Native Method)" || p.Frames[1] != "kompat.modules.threadleak.Main.poll(Main.java:13)" {
		t.Fatalf("frames: %q", p.Frames)
	}
	if !th[0].Daemon || !th[2].Daemon {
		t.Error("daemon flag missed")
	}
}

func TestParseHistogram(t *testing.T) {
	out := ` num     #instances         #bytes  class name (module)
-------------------------------------------------------
   1:          5201         480112  [B (java.base@17.0.15)
 155:             6            624  com.alipay.sofa.ark.container.service.classloader.BizClassLoader
 884:             1             16  kompat.modules.jdbcleak.InMemoryDriver
Total         30112        1782312
`
	h := ParseHistogram(out)
	if h["com.alipay.sofa.ark.container.service.classloader.BizClassLoader"] != 6 || h["kompat.modules.jdbcleak.InMemoryDriver"] != 1 || h["[B"] != 5201 || len(h) != 3 {
		t.Fatalf("got %v", h)
	}
}

func TestParseClassLoaders(t *testing.T) {
	out := `+-- <bootstrap>
      |               Classes: java.lang.Object
      |                        java.lang.String
      |
      +-- "app", jdk.internal.loader.ClassLoaders$AppClassLoader
            |               Classes: kompat.refbase.Main
            |
            +-- "biz:thread-leak:1.0.0", com.alipay.sofa.ark.container.service.classloader.BizClassLoader
            |               Classes: kompat.modules.threadleak.Main
            |                        (1 class)
            |        Hidden Classes: kompat.modules.threadleak.Main$$Lambda$53/0x00007f17a5016208
            |                        (1 hidden class)
            |
            +-- com.alipay.sofa.ark.container.service.classloader.BizClassLoader {0x00000007ff0a1b20}
                            Classes: com.acme.Other
`
	got := ParseClassLoaders(out, "com.alipay.sofa.ark.container.service.classloader.BizClassLoader")
	want := []LoaderInfo{
		{Name: "biz:thread-leak:1.0.0", Class: "com.alipay.sofa.ark.container.service.classloader.BizClassLoader", Classes: []string{"kompat.modules.threadleak.Main", "kompat.modules.threadleak.Main$$Lambda$53/0x00007f17a5016208"}},
		{Name: "", Class: "com.alipay.sofa.ark.container.service.classloader.BizClassLoader", Classes: []string{"com.acme.Other"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %+v\nwant %+v", got, want)
	}
}

func TestParseSystemProperties(t *testing.T) {
	out := "#Sun Nov 22 02:51:43 UTC 2026\njava.class.path=/a/b.jar\\:/c.jar\nkompat.base.mode=base\nline.separator=\\n\nweird\\=key=v=w\n"
	p := ParseSystemProperties(out)
	want := map[string]string{"java.class.path": "/a/b.jar:/c.jar", "kompat.base.mode": "base", "line.separator": "\n", "weird=key": "v=w"}
	if !reflect.DeepEqual(p, want) {
		t.Fatalf("got %q", p)
	}
}

func TestParseClassLoaderStats(t *testing.T) {
	out := `18155:
ClassLoader         Parent              CLD*               Classes   ChunkSz   BlockSz  Type
0x00007fa42f07af08  0x00007fa42f07d1e8  0x00007fa4b010b210       2       768       433  jdk.internal.loader.ClassLoaders$AppClassLoader
0x0000000000000000  0x0000000000000000  0x00007fa4b00da860     587    557056     15934  <boot class loader>
                                                                 1       384       211   + hidden classes
0x00007fa42f07d1e9  0x00007fa42f07af08  0x00007fa4b00e36f1       5      1024       500  com.alipay.sofa.ark.container.service.classloader.BizClassLoader
                                                                 3       384       211   + hidden classes
Total = 3                                                      598    558208     16578
ChunkSz: Total size of all allocated metaspace chunks
`
	st, ok := ParseClassLoaderStats(out)
	want := []LoaderStats{{"jdk.internal.loader.ClassLoaders$AppClassLoader", 2}, {"<boot class loader>", 588},
		{"com.alipay.sofa.ark.container.service.classloader.BizClassLoader", 8}}
	if !ok || !reflect.DeepEqual(st, want) {
		t.Fatalf("got %v %+v", ok, st)
	}
	if _, ok := ParseClassLoaderStats("18155:\njava.lang.IllegalArgumentException: Unknown diagnostic command\n"); ok {
		t.Error("an unknown command parsed as a loader table")
	}
}

func TestUnknownCommand(t *testing.T) {
	jdk8 := "12345:\njava.lang.IllegalArgumentException: Unknown diagnostic command\n" // exit 0
	jdk17 := errors.New("attach 12345: VM.classloaders: status -1: java.lang.IllegalArgumentException: Unknown diagnostic command")
	for _, c := range []struct {
		out  string
		err  error
		want bool
	}{
		{jdk8, nil, true},
		{"12345:\n", jdk17, true},
		{"java.lang.IllegalArgumentException: Unknown diagnostic command\n", errors.New("exit status 1"), true},
		{"12345:\n+-- <bootstrap>\n", nil, false},
		{"", errors.New("attach 12345: connection refused"), false},
	} {
		if got := UnknownCommand(c.out, c.err); got != c.want {
			t.Errorf("UnknownCommand(%q, %v) = %v, want %v", c.out, c.err, got, c.want)
		}
	}
}

// Two loaders that each keep an instance of their own copy of a class give two histogram lines
// (JDK 8 has no module column, JDK 9+ adds one).
func TestParseHistogramCopies(t *testing.T) {
	out := `12345:
 num     #instances         #bytes  class name
----------------------------------------------
   1:          4211         335616  [C
   2:             2             32  kompat.modules.x.Main$Ctx
   3:             1             16  kompat.modules.x.Main$Ctx
   4:             3            240  com.alipay.sofa.ark.container.service.classloader.BizClassLoader
   5:             1             16  kompat.modules.y.Cfg (java.base@17.0.15)
Total         4218         335920
`
	got := ParseHistogramCopies(out)
	if got["kompat.modules.x.Main$Ctx"] != 2 || got["[C"] != 1 || got["kompat.modules.y.Cfg"] != 1 || len(got) != 4 {
		t.Errorf("copies = %v", got)
	}
	if h := ParseHistogram(out); h["kompat.modules.x.Main$Ctx"] != 3 {
		t.Errorf("instances = %v", h)
	}
}
