//go:build linux

package harness

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kompat/kompat/harness/arklet"
	"github.com/kompat/kompat/harness/jcmd"
	"github.com/kompat/kompat/reports"
)

// eventLoops counts the base's arklet event loop threads.
func eventLoops(t *testing.T, b base) int {
	t.Helper()
	out, err := b.Jcmd(context.Background(), "Thread.print")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, th := range jcmd.ParseThreadDump(out) {
		if strings.HasPrefix(th.Name, "nioEventLoopGroup-3-") {
			n++
		}
	}
	return n
}

// The reference base starts its event loops as arklet's Netty server does: one per new
// connection, up to the group's size.
func TestReferenceBaseStartsEventLoopsLazily(t *testing.T) {
	t.Parallel()
	b := needJDK(t)
	sc := scenario(b, 1, "clean")
	sc.Base.JavaOptions = append(sc.Base.JavaOptions, "-Dkompat.refbase.workers=3")
	if err := sc.Normalize(); err != nil {
		t.Fatal(err)
	}
	base, err := processRuntime{}.Start(context.Background(), sc.spec())
	if base != nil {
		defer base.Stop(context.Background())
	}
	if err != nil {
		t.Fatal(err)
	}
	// The start-up port check is a connection of its own, and may have started one loop.
	if n := eventLoops(t, base); n > 1 {
		t.Fatalf("%d event loops before any request, want at most 1", n)
	}
	cl := arklet.New(base.ArkletURL())
	for i := 1; i <= 5; i++ {
		if _, err := cl.Do(context.Background(), "help", nil, 0); err != nil {
			t.Fatal(err)
		}
		if n := eventLoops(t, base); n > i+1 || n > 3 || (i >= 3 && n != 3) {
			t.Errorf("after %d connection(s): %d event loops, want %d or %d (never more than 3)", i, n, min(i, 3), min(i+1, 3))
		}
	}
}

// A thread named like a Netty event loop that a module leaks is reported, although the base's
// own event loops have the same names: they all exist before the thread baseline.
func TestLeakedEventLoopThreadIsReported(t *testing.T) {
	t.Parallel()
	b := needJDK(t)
	rt := &trackingRuntime{}
	defer rt.assertGone(t)
	var progress syncBuffer
	res, err := run(context.Background(), scenario(b, 2, "eventloop-leak", "clean"), options{Runtime: rt, Progress: &progress})
	if err != nil {
		t.Fatal(err)
	}
	checkLeakedEventLoop(t, res, progress.String())
}

// checkLeakedEventLoop asserts the verdicts of eventloop-leak beside clean, whatever the runtime.
func checkLeakedEventLoop(t *testing.T, res *result, progress string) {
	t.Helper()
	if t.Failed() || testing.Verbose() {
		dump(t, res)
	}
	checkModule(t, res, "eventloop-leak", want{"KP8002", []string{`"nioEventLoopGroup-3-1"`, "kompat.modules.eventloopleak.Main.run(Main.java"}},
		want{"KP8001", []string{"eventloop-leak:1.0.0"}})
	checkModule(t, res, "clean")
	for _, f := range res.Findings {
		if !strings.HasPrefix(f.Location.Symbol, "eventloop-leak:") {
			t.Errorf("finding not on the leaky module: %s %s", f.RuleID, f.Message)
		}
	}
	if !strings.Contains(progress, "arklet connection(s) before the thread baseline") {
		t.Errorf("no warm-up before the baseline:\n%s", progress)
	}
}

// brokenChecksRuntime starts bases whose queryAllBiz answers are not JSON and whose biz dir
// cannot be listed, so the post-uninstall checks cannot run.
type brokenChecksRuntime struct{ trackingRuntime }

type brokenChecksBase struct {
	base
	srv *httptest.Server
}

func (b *brokenChecksBase) ArkletURL() string { return b.srv.URL }

func (b *brokenChecksBase) BizDirEntries(context.Context) ([]string, error) {
	return nil, errors.New("list biz dir: permission denied")
}

func (b *brokenChecksBase) Stop(ctx context.Context) error {
	b.srv.Close()
	return b.base.Stop(ctx)
}

func (r *brokenChecksRuntime) Start(ctx context.Context, spec baseSpec) (base, error) {
	b, err := r.trackingRuntime.Start(ctx, spec)
	if b == nil {
		return nil, err
	}
	target := b.ArkletURL()
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true, Proxy: nil}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.URL.Path == "/queryAllBiz" {
			io.WriteString(w, "<html>gateway error</html>")
			return
		}
		resp, err := hc.Post(target+req.URL.Path, "application/json", req.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		w.WriteHeader(resp.StatusCode)
		io.Copy(w, resp.Body)
	}))
	return &brokenChecksBase{base: b, srv: srv}, err
}

// A post-uninstall check that cannot run is a warning notice naming the cycles it missed, never
// silently skipped.
func TestPostUninstallCheckThatCannotRunIsANotice(t *testing.T) {
	t.Parallel()
	b := needJDK(t)
	rt := &brokenChecksRuntime{}
	defer rt.assertGone(t)
	res, err := run(context.Background(), scenario(b, 2, "clean"), options{Runtime: rt})
	if err != nil {
		t.Fatal(err)
	}
	checkModule(t, res, "clean")
	ns := noticesWith(res, noticeCheckNotRun)
	if len(ns) != 2 {
		t.Fatalf("want 2 %s notices (queryAllBiz, biz dir), got %+v", noticeCheckNotRun, res.Notices)
	}
	for i, w := range []string{"post-uninstall check (queryAllBiz", "post-uninstall biz dir check"} {
		n := ns[i]
		if n.Level != reports.NoticeWarning || !strings.Contains(n.Message, w) || !strings.Contains(n.Message, "in cycle(s) 1, 2") {
			t.Errorf("notice %d: %+v, want a warning about the %s in cycles 1, 2", i, n, w)
		}
	}
	if !strings.Contains(ns[0].Message, "queryAllBiz: decode response") || !strings.Contains(ns[1].Message, "permission denied") {
		t.Errorf("notices do not say why: %+v", ns)
	}
}

// jdk8Jcmd writes a jcmd that answers VM.classloaders as JDK 8's does (the VM prints the
// IllegalArgumentException it throws for an unknown command, and jcmd exits 0 after the "<pid>:"
// line) and hands every other command to the real jcmd. Each command is logged to the returned file.
func jdk8Jcmd(t *testing.T) (tool, log string) {
	t.Helper()
	real, err := exec.LookPath("jcmd")
	if jh := os.Getenv("JAVA_HOME"); jh != "" {
		real, err = filepath.Join(jh, "bin", "jcmd"), nil
	}
	if err != nil {
		t.Skip("no jcmd on PATH")
	}
	dir := t.TempDir()
	tool, log = filepath.Join(dir, "jcmd"), filepath.Join(dir, "commands.log")
	script := `#!/bin/sh
echo "$2" >> '` + log + `'
case "$2" in
VM.classloaders)
	printf '%s:\njava.lang.IllegalArgumentException: Unknown diagnostic command\n' "$1"
	exit 0 ;;
esac
exec '` + real + `' "$@"
`
	if err := os.WriteFile(tool, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return tool, log
}

// On a JVM without VM.classloaders (a JDK 8 base) retained loaders are still reported: named by
// the live instances of a module's classes where there are some, "attribution unknown" where
// nothing names the module; the base has no leak check, as a real one. A clean module passes.
func TestJDK8BaseWithoutVMClassloaders(t *testing.T) {
	t.Parallel()
	b := needJDK(t)
	t.Run("leaky", func(t *testing.T) {
		t.Parallel()
		tool, log := jdk8Jcmd(t)
		rt := &trackingRuntime{processRuntime: processRuntime{JcmdTool: tool}}
		defer rt.assertGone(t)
		sc := scenario(b, 2, "threadlocal-leak", "classref-leak", "clean")
		sc.Probes.LeakCheckCommand = "-"
		var progress syncBuffer
		res, err := run(context.Background(), sc, options{Runtime: rt, Progress: &progress})
		if err != nil {
			t.Fatal(err)
		}
		if t.Failed() || testing.Verbose() {
			dump(t, res)
		}
		checkModule(t, res, "threadlocal-leak", want{"KP8001", []string{"2 loader(s) of its kind alive after cycle 2",
			"at least 2 live com.alipay.sofa.ark.container.service.classloader.BizClassLoader of this module (this JVM has no VM.classloaders",
			"live instances of its classes kompat.modules.threadlocalleak.Main$RequestContext x2", "reference path (heap dump): "}})
		checkModule(t, res, "classref-leak")
		checkModule(t, res, "clean")
		var unknown []string
		for _, f := range res.Findings {
			if f.RuleID == "KP8001" && f.Location.Symbol == "" {
				unknown = append(unknown, f.Message)
			}
		}
		if len(unknown) != 1 || !strings.Contains(unknown[0], "2 biz class loader(s) alive after uninstall and full GC (after cycle 2); attribution unknown: this JVM has no VM.classloaders") {
			t.Errorf("want one KP8001 for classref-leak's 2 loaders with attribution unknown, got %q", unknown)
		}
		if len(res.Findings) != 2 {
			t.Errorf("%d findings, want 2", len(res.Findings))
		}
		cmds, _ := os.ReadFile(log)
		if !strings.Contains(string(cmds), "VM.classloaders\n") || !strings.Contains(progress.String(), "this JVM has no VM.classloaders") {
			t.Errorf("the probes did not run as on JDK 8:\n%s\n%s", cmds, progress.String())
		}
	})
	t.Run("clean", func(t *testing.T) {
		t.Parallel()
		tool, _ := jdk8Jcmd(t)
		rt := &trackingRuntime{processRuntime: processRuntime{JcmdTool: tool}}
		defer rt.assertGone(t)
		sc := scenario(b, 2, "clean", "thread-fixed")
		sc.Probes.LeakCheckCommand = "-"
		res, err := run(context.Background(), sc, options{Runtime: rt})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Findings) != 0 {
			dump(t, res)
			t.Errorf("%d findings for clean modules", len(res.Findings))
		}
	})
}
