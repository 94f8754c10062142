//go:build linux

package harness

import (
	"context"
	"strings"
	"testing"

	"github.com/kompat/kompat/harness/arklet"
	"github.com/kompat/kompat/harness/jcmd"
)

// eventLoops counts the base's arklet event loop threads.
func eventLoops(t *testing.T, b Base) int {
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
	base, err := ProcessRuntime{}.Start(context.Background(), sc.spec())
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
	res, err := Run(context.Background(), scenario(b, 2, "eventloop-leak", "clean"), Options{Runtime: rt, Progress: &progress})
	if err != nil {
		t.Fatal(err)
	}
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
	if !strings.Contains(progress.String(), "arklet connection(s) before the thread baseline") {
		t.Errorf("no warm-up before the baseline:\n%s", progress.String())
	}
}
