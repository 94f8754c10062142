package kompat

import "embed"

// HarnessSources holds testdata/harness/{base,modules,spring}: the reference base and the test
// modules, as Java sources. harness/fixtures builds them with the machine's JDK on first use.
//
//go:embed testdata/harness/base testdata/harness/modules testdata/harness/spring
var HarnessSources embed.FS
