package memlimit

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

var (
	mu       sync.Mutex
	headroom int64  // 0: the limit is not managed
	gen      uint64 // which Manage call the running watcher belongs to
)

// Manage sets the soft limit to headroom plus the live heap, and after every collection moves it
// to headroom plus what that collection found live. The returned function restores the limit in
// force before and stops managing. The CLI calls it unless GOMEMLIMIT is set.
func Manage(h int64) (restore func()) {
	mu.Lock()
	defer mu.Unlock()
	prev := debug.SetMemoryLimit(-1)
	headroom = h
	gen++
	g := gen
	adjust()
	watch(g)
	return func() {
		mu.Lock()
		defer mu.Unlock()
		if gen == g {
			headroom = 0
			gen++
			debug.SetMemoryLimit(prev)
		}
	}
}

// sentinel is garbage whose finalizer runs after a collection.
type sentinel struct{ _ [16]byte }

// watch arranges for adjust to run after the next collection, and again after each one, until
// Manage is called again or its restore function runs.
func watch(g uint64) {
	s := new(sentinel)
	runtime.SetFinalizer(s, func(*sentinel) {
		mu.Lock()
		defer mu.Unlock()
		if gen != g {
			return
		}
		adjust()
		watch(g)
	})
}

func adjust() {
	if headroom > 0 {
		debug.SetMemoryLimit(headroom + liveHeap())
	}
}

// liveHeap is the heap the last collection found live.
func liveHeap() int64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(s[0].Value.Uint64())
}

// Limit returns the soft limit in force when it is managed, 0 otherwise.
func Limit() int64 {
	mu.Lock()
	defer mu.Unlock()
	if headroom == 0 {
		return 0
	}
	return debug.SetMemoryLimit(-1)
}
