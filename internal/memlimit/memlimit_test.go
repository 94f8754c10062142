package memlimit

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

var kept [][]byte

func TestLimitFollowsTheLiveHeap(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	restore := Manage(48 << 20)
	runtime.GC()
	base := waitLimit(t, func(l int64) bool { return l >= 48<<20 })
	for i := 0; i < 32; i++ {
		kept = append(kept, make([]byte, 1<<20))
	}
	runtime.GC()
	grown := waitLimit(t, func(l int64) bool { return l >= base+30<<20 })
	kept = nil
	runtime.GC()
	runtime.GC()
	waitLimit(t, func(l int64) bool { return l < grown-30<<20 })
	restore()
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("limit after restore = %d, want the one before, %d", got, before)
	}
	if Limit() != 0 {
		t.Errorf("Limit after restore = %d, want 0", Limit())
	}
}

// waitLimit waits for the finalizer that moves the limit after a collection.
func waitLimit(t *testing.T, ok func(int64) bool) int64 {
	t.Helper()
	for i := 0; i < 200; i++ {
		if l := Limit(); ok(l) {
			return l
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("the limit did not move as expected: %d", Limit())
	return 0
}
