package checks

import (
	"github.com/kompat/kompat/rules"
)

// KP2001's direct case (Class.forName(String) in the method) is its match block; the program
// phase adds the cross-method case: a name handed to a helper, in this or another class or jar,
// that resolves it through an implicit loader.
func init() { rules.Register(&rules.Check{ID: "KP2001", Program: forNameViaHelpers}) }

func forNameViaHelpers(pp *rules.ProgramPass) {
	for _, s := range pp.Program.ImplicitNameSites() {
		pp.Report(s, "%s: the name is resolved through the helper's own (or the system) ClassLoader, not the module's", s.Path())
	}
}
