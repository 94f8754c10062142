package memlimit

import (
	"runtime/debug"
	"testing"
)

func TestKeepMovesTheLimit(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	restore := Manage(48 << 20)
	if got := debug.SetMemoryLimit(-1); got != 48<<20 {
		t.Fatalf("limit after Manage = %d, want %d", got, 48<<20)
	}
	Keep(10 << 20)
	if got := debug.SetMemoryLimit(-1); got != 58<<20 {
		t.Errorf("limit after keeping 10 MiB = %d, want %d", got, 58<<20)
	}
	Keep(100) // under a step: the limit stays
	if got := debug.SetMemoryLimit(-1); got != 58<<20 {
		t.Errorf("limit after keeping 100 more bytes = %d, want %d", got, 58<<20)
	}
	Keep(-(10 << 20) - 100)
	if got := Limit(); got != 48<<20 {
		t.Errorf("Limit after release = %d, want %d", got, 48<<20)
	}
	restore()
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("limit after restore = %d, want the one before, %d", got, before)
	}
	Keep(10 << 20) // not managed: nothing moves
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("unmanaged Keep moved the limit to %d", got)
	}
	Keep(-(10 << 20))
}
