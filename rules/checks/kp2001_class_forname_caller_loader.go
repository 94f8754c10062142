package checks

import (
	"strings"

	"github.com/kompat/kompat/rules"
)

// KP2001's direct case (Class.forName(String) in the method) is its match block; the program
// phase adds the cross-method case: a name handed to a helper, in this or another class or jar,
// that resolves it through an implicit loader.
func init() { rules.Register(&rules.Check{ID: "KP2001", Program: forNameViaHelpers}) }

func forNameViaHelpers(pp *rules.ProgramPass) {
	for _, s := range pp.Program.ImplicitNameSites() {
		if rules.Side(s.File.Side) == rules.SideModule && !strings.Contains(s.Path(), "getSystem") {
			pp.Report(s, "%s: in module code the name is resolved through the helper's own ClassLoader, which is the module's when the helper is module code too (low; a hazard if the helper's class is in the base or slimmed out of the module)", s.Path())
			continue
		}
		pp.Report(s, "%s: the name is resolved through the helper's own (or the system) ClassLoader, not the module's", s.Path())
	}
}
