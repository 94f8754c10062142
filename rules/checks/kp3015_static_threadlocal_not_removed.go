package checks

import (
	"sort"
	"strings"

	"github.com/kompat/kompat/rules"
	"github.com/kompat/kompat/rules/analysis"
	"github.com/kompat/kompat/rules/ir"
)

func init() {
	rules.Register(&rules.Check{ID: "KP3015", Run: rlStaticThreadLocalNotRemoved})
}

// rlRemoveFact is the fact a file exports when it calls remove() on a thread-local field; it
// names the field by its class's simple name, which both frontends resolve the same way.
func rlRemoveFact(owner, name string) string {
	return "KP3015:remove:" + ir.SimpleName(owner) + "." + name
}

// rlStaticThreadLocalNotRemoved: a static ThreadLocal field that is set() and never remove()d
// anywhere in the code base. Every remove() on a field exports a fact; the first set() of each
// field in each class is reported at the end of the scan unless its field's fact showed up.
func rlStaticThreadLocalNotRemoved(p *rules.Pass) {
	type key struct {
		cls   *ir.Class
		owner string
		name  string
	}
	first := map[key]rules.Site{}
	for _, c := range p.File.Classes {
		for _, m := range c.Methods {
			for _, op := range m.Ops {
				if op.Kind != ir.OpCall {
					continue
				}
				switch {
				case op.Name == "remove" && len(op.Args) == 0:
					if owner, name, _, _, ok := rlFieldOf(m, op.Recv, op.Index); ok {
						p.ExportFact(rlRemoveFact(owner, name))
					} else if owner, name, ok := rlConstantAsType(op); ok {
						p.ExportFact(rlRemoveFact(owner, name))
					}
				case op.Name == "set" && len(op.Args) == 1:
					owner, name, static, typ, ok := rlFieldOf(m, op.Recv, op.Index)
					if !ok || !rlStaticThreadLocal(p.File, owner, name, static, typ) {
						continue
					}
					if _, v := m.Origin(op.Args[0], op.Index); v.Kind == ir.ValNull || rlRestoresPrevious(m, op, owner, name) {
						// old = tl.get(); tl.set(x); ... tl.set(old): the thread gets back what
						// it had, so the save/restore idiom counts as the field's removal path;
						// so does set(null), which leaves the thread holding nothing of the app.
						p.ExportFact(rlRemoveFact(owner, name))
						continue
					}
					k := key{c, owner, name}
					if s, seen := first[k]; !seen || op.Line < s.Op.Line {
						first[k] = rules.Site{Method: m, Op: op}
					}
				}
			}
		}
	}
	keys := make([]key, 0, len(first))
	for k := range first {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return first[keys[i]].Op.Line < first[keys[j]].Op.Line })
	for _, k := range keys {
		s := first[k]
		p.DeferOp(s.Method, s.Op, []string{rlRemoveFact(k.owner, k.name)},
			"static ThreadLocal %s is set here and never remove()d anywhere in the code base: pooled threads of the base keep the value after the module is uninstalled and pin its ClassLoader",
			ir.SimpleName(k.owner)+"."+k.name)
	}
}

// rlStaticThreadLocal decides whether field owner.name is a static ThreadLocal: from its
// declaration when the class is in the file, else from what the access says (the bytecode
// frontend knows the field's static-ness and descriptor type at every access).
func rlStaticThreadLocal(f *ir.File, owner, name string, static bool, typ string) bool {
	if c := f.FindClass(owner); c != nil {
		fd := c.Field(name)
		return fd != nil && fd.Mods.Has(ir.Static) && analysis.IsThreadLocalField(f, fd)
	}
	return static && containsStr(analysis.ThreadLocalTypes, typ)
}

// rlConstantAsType undoes a source-lowering slip: Other.FIELD.remove() on a class of another
// file is lowered as a static call on a nested type Other$FIELD. A static call with no receiver
// on a "type" whose last segment is spelled like a constant is read back as the field.
func rlConstantAsType(op *ir.Op) (owner, name string, ok bool) {
	if !op.Static || op.Recv.Kind != ir.ValUnknown {
		return "", "", false
	}
	i := strings.LastIndexByte(op.Owner, '$')
	if i <= 0 || i == len(op.Owner)-1 {
		return "", "", false
	}
	seg := op.Owner[i+1:]
	for _, r := range seg {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_') {
			return "", "", false
		}
	}
	return op.Owner[:i], seg, true
}

// rlRestoresPrevious reports whether set(x) on thread-local owner.name puts back a value read by
// get() on the same thread-local: through a local of the method, or through a field that some
// method of the class fills with that get() (bindToThread/restoreThreadLocalStatus pairs).
func rlRestoresPrevious(m *ir.Method, set *ir.Op, owner, name string) bool {
	isGet := func(mm *ir.Method, o *ir.Op) bool {
		if o.Kind != ir.OpCall || o.Name != "get" || len(o.Args) != 0 {
			return false
		}
		ow, nm, _, _, ok := rlFieldOf(mm, o.Recv, o.Index)
		return ok && nm == name && ir.SimpleName(ow) == ir.SimpleName(owner)
	}
	src, v := m.Origin(set.Args[0], set.Index)
	if src != nil && isGet(m, src) {
		return true
	}
	if src != nil && (src.Kind == ir.OpGetField || src.Kind == ir.OpGetStatic) {
		v = ir.Value{Kind: ir.ValField, Owner: src.Owner, Name: src.Name}
	}
	if v.Kind != ir.ValField || v.Name == name {
		return false
	}
	for _, c := range m.Class.File.Classes {
		for _, om := range c.Methods {
			for _, o := range om.Ops {
				if isGet(om, o) && o.Store.Kind == ir.ValField && o.Store.Name == v.Name {
					return true
				}
				if (o.Kind == ir.OpPutField || o.Kind == ir.OpPutStatic) && o.Name == v.Name {
					if g, _ := om.Origin(o.Val, o.Index); g != nil && isGet(om, g) {
						return true
					}
				}
			}
		}
	}
	return false
}
