package rules

import (
	"fmt"
	"sort"
	"sync"
)

// Check is the logic of a rule that needs code, registered from an init function in
// rules/checks. Run reports through the Pass; it never returns "found something" as an error.
type Check struct {
	ID  string
	Run func(p *Pass)
	// Program, when set, runs once after every file with the whole-program facts (call graph and
	// method summaries); a declarative rule may add one to see across methods.
	Program func(pp *ProgramPass)
	// Judges marks a Run that hands some findings to the whole program for a verdict
	// (Pass.JudgeLast): the engine then keeps the summaries even if no rule has a Program hook.
	Judges bool
	// Archive, for a rule with frontend "archive", runs once per jar of the scanner's walk with the
	// jar-level facts (service registrations, native libraries).
	Archive func(ap *ArchivePass)
}

var (
	regMu  sync.Mutex
	checks = map[string]*Check{}
)

// Register adds a check; registering an ID twice is a programming error.
func Register(c *Check) {
	regMu.Lock()
	defer regMu.Unlock()
	if _, dup := checks[c.ID]; dup {
		panic(fmt.Sprintf("rules: check %s registered twice", c.ID))
	}
	checks[c.ID] = c
}

// CheckFor returns the registered check for an ID, or nil.
func CheckFor(id string) *Check {
	regMu.Lock()
	defer regMu.Unlock()
	return checks[id]
}

// RegisteredIDs lists the IDs that have Go checks.
func RegisteredIDs() []string {
	regMu.Lock()
	defer regMu.Unlock()
	var ids []string
	for id := range checks {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// ValidateChecks checks that code rules and Go checks line up: every code rule has exactly one
// of a match block or a Go check, and every Go check has a rule definition.
func ValidateChecks(metas []*Meta) []string {
	var errs []string
	known := map[string]bool{}
	for _, m := range metas {
		known[m.ID] = true
		if !m.Static() {
			continue
		}
		c := CheckFor(m.ID)
		switch {
		case c == nil && m.Match == nil:
			errs = append(errs, fmt.Sprintf("%s: no match block and no registered check", m.ID))
		case c != nil && m.Match != nil && c.Run != nil:
			errs = append(errs, fmt.Sprintf("%s: has both a match block and a registered check", m.ID))
		}
	}
	for _, m := range metas {
		if m.Runs(FrontArchive) {
			if c := CheckFor(m.ID); c == nil || c.Archive == nil {
				errs = append(errs, fmt.Sprintf("%s: an archive rule needs a registered check with an Archive pass", m.ID))
			}
		}
	}
	for _, id := range RegisteredIDs() {
		if !known[id] {
			errs = append(errs, fmt.Sprintf("check %s has no rule definition", id))
		}
	}
	return errs
}
