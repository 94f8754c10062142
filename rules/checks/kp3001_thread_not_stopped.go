package checks

import (
	"strings"

	"github.com/kompat/kompat/rules"
	"github.com/kompat/kompat/rules/analysis"
	"github.com/kompat/kompat/rules/ir"
)

func init() {
	rules.Register(&rules.Check{ID: "KP3001", Run: rlThreadNotStopped})
}

var rlThreadSpec = rlResourceSpec{
	id:      "KP3001",
	noun:    "thread",
	release: []string{"interrupt", "stop", "join"},
	verb:    "interrupted or joined",
	effect:  "it keeps running after uninstall and pins the module's ClassLoader",
	holders: []string{"Thread", "Object"},
	needs:   []string{"start"},
	anyVerb: true,
}

// rlThreadNotStopped: a thread created in the file (new Thread, or a Thread subclass of the
// file) and started, that is not kept in a field interrupted/joined on an uninstall path.
func rlThreadNotStopped(p *rules.Pass) {
	rlExportReleases(p, rlThreadSpec.id, rlThreadSpec.set())
	dedupe := map[string]bool{}
	seen := map[*ir.Op]bool{}
	check := func(s rules.Site, what string) {
		if seen[s.Op] {
			return
		}
		seen[s.Op] = true
		rlCheckCreated(p, dedupe, s.Method, s.Op, rlThreadSpec, what)
	}
	for _, s := range rlCreations(p, "java.lang.Thread") {
		check(s, "Thread")
	}
	for _, c := range p.File.Classes {
		if !analysis.ExtendsInFile(p.File, c.Name, "java.lang.Thread") {
			continue
		}
		what := "Thread subclass " + ir.SimpleName(c.Name)
		if c.Anonymous {
			what = "anonymous Thread subclass"
		}
		for _, s := range rlCreations(p, c.Name) {
			check(s, what)
		}
	}
	// The bytecode frontend sees one class per file: an anonymous class created here lives in
	// another class file, so its superclass is unknown. An anonymous object that gets start()
	// is taken to be a thread (new Thread() { ... }.start()).
	for _, c := range p.File.Classes {
		for _, m := range c.Methods {
			for _, op := range m.Ops {
				if op.Kind != ir.OpNew || seen[op] || !rlAnonymousName(op.Owner) || p.File.FindClass(op.Owner) != nil {
					continue
				}
				check(rules.Site{Method: m, Op: op}, "anonymous Thread subclass")
			}
		}
	}
}

// rlAnonymousName reports whether a binary class name is that of an anonymous class (Outer$1).
func rlAnonymousName(name string) bool {
	i := strings.LastIndexByte(name, '$')
	if i < 0 || i == len(name)-1 {
		return false
	}
	for _, r := range name[i+1:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
