package checks

import (
	"slices"

	"github.com/kompat/kompat/rules"
)

// KP4007: a jar that registers a JDBC driver through META-INF/services/java.sql.Driver.
func init() {
	rules.Register(&rules.Check{ID: "KP4007", Archive: func(ap *rules.ArchivePass) {
		if slices.Contains(ap.Archive.Services, "java.sql.Driver") {
			ap.Report("jdbc-driver-service", "%s registers a JDBC driver through META-INF/services/java.sql.Driver: packed in a module, DriverManager keeps the driver and the module's ClassLoader after uninstall", ap.Archive.Display())
		}
	}})
}
