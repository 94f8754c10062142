package checks

import (
	"github.com/kompat/kompat/rules"
	"github.com/kompat/kompat/rules/ir"
)

func init() {
	rules.Register(&rules.Check{ID: "KP3010", Run: rlPropertyEditorRegistered})
}

// Facts exported by registerEditor(type, null), the way to remove an editor: for a class
// literal type, for an unknown type (a loop over registered types: pairs with everything), and
// for any type at all (pairs with registrations whose type is unknown).
const (
	rlEditorNullAny     = "KP3010:null:any"
	rlEditorNullUnknown = "KP3010:null:?"
)

func rlEditorNullFor(t string) string { return "KP3010:null:" + ir.SimpleName(t) }

// rlPropertyEditorRegistered: PropertyEditorManager.registerEditor with an editor class, unless
// the code base somewhere calls registerEditor(sameType, null).
func rlPropertyEditorRegistered(p *rules.Pass) {
	for _, s := range p.Calls("java.beans.PropertyEditorManager", "registerEditor") {
		args := s.Op.Args
		if len(args) != 2 {
			continue
		}
		typ := ""
		if args[0].Kind == ir.ValClassLit {
			typ = args[0].Type
		}
		if args[1].Kind == ir.ValNull {
			p.ExportFact(rlEditorNullAny)
			if typ != "" {
				p.ExportFact(rlEditorNullFor(typ))
			} else {
				p.ExportFact(rlEditorNullUnknown)
			}
			continue
		}
		unless := []string{rlEditorNullAny}
		target := "a type"
		if typ != "" {
			unless = []string{rlEditorNullFor(typ), rlEditorNullUnknown}
			target = ir.SimpleName(typ)
		}
		p.DeferOp(s.Method, s.Op, unless,
			"PropertyEditorManager.registerEditor installs a JVM-wide property editor for %s and no registerEditor(%s, null) in the code base removes it: the editor class pins the module's ClassLoader after uninstall",
			target, target)
	}
}
