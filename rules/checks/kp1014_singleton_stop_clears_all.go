package checks

import (
	"strings"

	"github.com/kompat/kompat/rules"
)

func init() { rules.Register(&rules.Check{ID: "KP1014", Program: singletonStopClearsAll}) }

// lifecyclePrefixes name the methods an app calls when it stops using a shared object.
var lifecyclePrefixes = []string{"stop", "shutdown", "close", "destroy", "dispose", "unexport", "unregister", "deregister", "uninstall", "release", "clear"}

func lifecycleName(name string) bool {
	for _, p := range lifecyclePrefixes {
		if strings.HasPrefix(name, p) && (len(name) == len(p) || name[len(p)] >= 'A' && name[len(p)] <= 'Z') {
			return true
		}
	}
	return false
}

// singletonStopClearsAll: a class the code base holds as a process singleton (an instance in a
// static field or registry, or an enum) has one set of instance fields for every app; its
// stop/close/unexport method that clears a whole collection field drops the other apps' entries
// too, when one app stops.
func singletonStopClearsAll(pp *rules.ProgramPass) {
	for _, s := range pp.Program.SingletonClears(lifecycleName) {
		pp.Report(s, "%s: the instance is a process singleton shared by every app, so this removes every app's entries, not the stopping app's; remove only the caller's entries (keyed by its ClassLoader or its own keys)", s.Path())
	}
}
