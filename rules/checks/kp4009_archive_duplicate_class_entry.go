package checks

import (
	"strings"

	"github.com/kompat/kompat/rules"
)

// KP4009: an archive with two or more entries for one class.
func init() {
	rules.Register(&rules.Check{ID: "KP4009", Archive: func(ap *rules.ArchivePass) {
		var classes []string
		for _, n := range ap.Archive.Duplicates {
			if strings.HasSuffix(n, ".class") {
				classes = append(classes, n)
			}
		}
		if len(classes) > 0 {
			ap.Report("duplicate:"+strings.Join(classes, ","), "%s holds two or more entries for %s: the JVM loads the last copy, other tools read the first (every copy was scanned)", ap.Archive.Display(), strings.Join(firstN(classes, 3), ", "))
		}
	}})
}
