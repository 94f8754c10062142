package memlimit

import (
	"math"
	"runtime/debug"
	"sync"
)

// step is how far the kept data must move before the limit is set again.
const step = 1 << 20

var (
	mu       sync.Mutex
	headroom int64 // 0: the limit is not managed
	kept     int64
	applied  int64 // kept data the current limit was set for
)

// Manage sets the soft limit to headroom plus the data kept from now on, and keeps it so as
// Keep is called. The returned function restores the limit in force before and stops managing.
// The CLI calls it unless GOMEMLIMIT is set; without it Keep changes nothing.
func Manage(headroom int64) (restore func()) {
	mu.Lock()
	defer mu.Unlock()
	prev := debug.SetMemoryLimit(-1)
	setHeadroom(headroom)
	return func() {
		mu.Lock()
		defer mu.Unlock()
		setHeadroom(0)
		debug.SetMemoryLimit(prev)
	}
}

func setHeadroom(h int64) {
	headroom = h
	applied = kept
	if h > 0 {
		debug.SetMemoryLimit(limit())
	}
}

func limit() int64 {
	if headroom > math.MaxInt64-kept {
		return math.MaxInt64
	}
	return headroom + max(kept, 0)
}

// Keep adds n bytes (negative: releases them) to the data kept on purpose until the end of a
// scan, and moves the limit with it when it is managed.
func Keep(n int64) {
	mu.Lock()
	kept += n
	if headroom > 0 && (kept-applied >= step || applied-kept >= step) {
		applied = kept
		debug.SetMemoryLimit(limit())
	}
	mu.Unlock()
}

// Limit returns the soft limit in force when it is managed, 0 otherwise.
func Limit() int64 {
	mu.Lock()
	defer mu.Unlock()
	if headroom == 0 {
		return 0
	}
	return limit()
}
