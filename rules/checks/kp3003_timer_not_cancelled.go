package checks

import (
	"github.com/kompat/kompat/rules"
)

func init() {
	rules.Register(&rules.Check{ID: "KP3003", Run: rlTimerNotCancelled})
}

var rlTimerSpec = rlResourceSpec{
	id:      "KP3003",
	noun:    "timer",
	release: []string{"cancel"},
	verb:    "cancelled",
	effect:  "its TimerThread keeps running after uninstall and pins the module's ClassLoader",
	holders: []string{"Timer", "Object"},
}

// rlTimerNotCancelled: a java.util.Timer (which starts its thread in the constructor) with no
// cancel(): in its method for a local, on an uninstall path for a field.
func rlTimerNotCancelled(p *rules.Pass) {
	rlExportReleases(p, rlTimerSpec.id, rlTimerSpec.set())
	seen := map[string]bool{}
	for _, s := range rlCreations(p, "java.util.Timer") {
		rlCheckCreated(p, seen, s.Method, s.Op, rlTimerSpec, "java.util.Timer")
	}
}
