package checks

import (
	"github.com/kompat/kompat/rules"
)

func init() {
	rules.Register(&rules.Check{ID: "KP3002", Run: rlExecutorNotShutdown})
}

// rlExecutorFactories are the java.util.concurrent.Executors methods that start a new pool.
var rlExecutorFactories = []string{
	"newFixedThreadPool", "newCachedThreadPool", "newSingleThreadExecutor", "newScheduledThreadPool",
	"newSingleThreadScheduledExecutor", "newWorkStealingPool", "newVirtualThreadPerTaskExecutor",
	"newThreadPerTaskExecutor",
}

// rlExecutorTypes are pool classes created with new.
var rlExecutorTypes = []string{
	"java.util.concurrent.ThreadPoolExecutor", "java.util.concurrent.ScheduledThreadPoolExecutor",
	"java.util.concurrent.ForkJoinPool",
}

var rlExecutorSpec = rlResourceSpec{
	id:      "KP3002",
	noun:    "executor",
	release: []string{"shutdown", "shutdownNow", "close"},
	verb:    "shut down",
	effect:  "its worker threads outlive the module and pin its ClassLoader",
	holders: []string{"Executor", "ExecutorService", "ScheduledExecutorService", "AbstractExecutorService",
		"ThreadPoolExecutor", "ScheduledThreadPoolExecutor", "ForkJoinPool", "Object"},
}

// rlExecutorNotShutdown: a thread pool created in the file and not shut down: a local with no
// shutdown in its method, or a field with no shutdown reachable from an uninstall path.
func rlExecutorNotShutdown(p *rules.Pass) {
	rlExportReleases(p, rlExecutorSpec.id, rlExecutorSpec.set())
	seen := map[string]bool{}
	for _, name := range rlExecutorFactories {
		for _, s := range p.Calls("java.util.concurrent.Executors", name) {
			rlCheckCreated(p, seen, s.Method, s.Op, rlExecutorSpec, "executor from Executors."+name)
		}
	}
	for _, t := range rlExecutorTypes {
		for _, s := range rlCreations(p, t) {
			rlCheckCreated(p, seen, s.Method, s.Op, rlExecutorSpec, "executor new "+rlSimple(t))
		}
	}
}
