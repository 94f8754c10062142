package checks

import (
	"fmt"
	"strings"

	"github.com/kompat/kompat/rules"
)

// KP4008: a jar that ships native libraries (JNI binds a library to one ClassLoader).
func init() {
	rules.Register(&rules.Check{ID: "KP4008", Archive: func(ap *rules.ArchivePass) {
		if n := ap.Archive.Native; len(n) > 0 {
			ap.Report("native:"+strings.Join(n, ","), "%s ships native code (%s): a JNI library binds to one ClassLoader, so a second module or a reinstall fails with UnsatisfiedLinkError", ap.Archive.Display(), strings.Join(firstN(n, 3), ", "))
		}
	}})
}

func firstN(list []string, n int) []string {
	if len(list) > n {
		return append(append([]string{}, list[:n]...), fmt.Sprintf("and %d more", len(list)-n))
	}
	return list
}
