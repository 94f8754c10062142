package javasrc

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// errAfter is a context that turns cancelled after n calls of Err (and has no Done channel, so
// only the lowering's own checks can see it): it cancels in the middle of one file's lowering.
type errAfter struct {
	context.Context
	n atomic.Int64
}

func (c *errAfter) Done() <-chan struct{} { return nil }
func (c *errAfter) Err() error {
	if c.n.Add(-1) < 0 {
		return context.Canceled
	}
	return nil
}

func chain(links int) string {
	return "class C { Object o(Object a) { return a" + strings.Repeat(".b", links) + "; } }\n"
}

// Item 5: cancellation reaches inside one file's work, both in tree-sitter and in the lowering.
func TestParseContextCancels(t *testing.T) {
	p, err := NewParser()
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	src := []byte(strings.Repeat(chain(3000), 3))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := p.ParseContext(ctx, "C.java", src); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled before the parse: %v", err)
	}
	// Cancelled during the lowering: it stops early, with part of the file lowered.
	full, err := p.ParseContext(context.Background(), "C.java", src)
	if err != nil {
		t.Fatal(err)
	}
	ec := &errAfter{Context: context.Background()}
	ec.n.Store(2)
	part, err := p.ParseContext(ec, "C.java", src)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled during the lowering: %v", err)
	}
	if ops(part) >= ops(full) {
		t.Fatalf("lowering did not stop: %d ops of %d", ops(part), ops(full))
	}
	// Cancelled while tree-sitter runs: the flag set from another goroutine stops the parse.
	huge := []byte("class H { void f() { " + strings.Repeat("g(a, b, c); ", 400000) + "} }\n")
	ctx, cancel = context.WithCancel(context.Background())
	go func() { time.Sleep(time.Millisecond); cancel() }()
	if _, err := p.ParseContext(ctx, "H.java", huge); !errors.Is(err, context.Canceled) {
		t.Logf("the parse ended before the cancel arrived: %v", err) // not a failure: timing
	}
	// The parser is usable again afterwards.
	if res, err := p.ParseContext(context.Background(), "C.java", []byte(chain(3))); err != nil || len(res.File.Classes) != 1 {
		t.Fatalf("parser after a cancel: %v", err)
	}
}

func ops(r *Result) int {
	n := 0
	for _, c := range r.File.Classes {
		for _, m := range c.Methods {
			n += len(m.Ops)
		}
	}
	return n
}

// Item 5: resolving the names of a field-access chain is linear in its length: four times the
// links allocate about four times the memory (the quadratic resolution allocated sixteen times
// as much, and did cubic work on top).
func TestLongFieldChainIsLinear(t *testing.T) {
	p, err := NewParser()
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	alloc := func(links int) (uint64, int) {
		src := []byte(chain(links))
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		res := p.Parse("C.java", src)
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc, ops(res)
	}
	alloc(100) // warm up
	small, n1 := alloc(1000)
	large, n4 := alloc(4000)
	if n1 < 1000 || n4 < 4000 {
		t.Fatalf("every link is a field read: %d and %d ops", n1, n4)
	}
	ratio := float64(large) / float64(small)
	t.Logf("1000 links: %d bytes, 4000 links: %d bytes (%.1fx)", small, large, ratio)
	if ratio > 8 {
		t.Fatalf("4x the links allocate %.1fx the memory (%d vs %d bytes): not linear", ratio, large, small)
	}
}

// Item 1: a source nested past the depth limit lowers what lies above it and says where.
func TestDeepNestingIsReported(t *testing.T) {
	res := parseOne(t, "class L { Object o = "+strings.Repeat("() -> ", 4100)+"null; void f() { System.exit(1); } }\n")
	found := false
	for _, n := range res.Notices {
		found = found || n.Code == "KP9001" && n.Line == 1 && n.Col > 1 && strings.Contains(n.Message, "nested deeper")
	}
	if !found {
		t.Fatalf("want a KP9001 notice with the location: %+v", res.Notices)
	}
	if !strings.Contains(dump(res.File), "java.lang.System.exit") {
		t.Fatalf("the method after the deep field is lowered:\n%s", dump(res.File))
	}
}
