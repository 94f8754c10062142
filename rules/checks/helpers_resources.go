package checks

import (
	"fmt"
	"strings"

	"github.com/kompat/kompat/reports"
	"github.com/kompat/kompat/rules"
	"github.com/kompat/kompat/rules/analysis"
	"github.com/kompat/kompat/rules/ir"
)

// Helpers shared by the resource-release rules (family 3, KP3xxx): where a created resource
// ends up (a field, a local, an argument of some other call) and whether its release is
// reachable from an uninstall path of the class that keeps it.

// rlHoldKind says where the value made by a creation op went.
type rlHoldKind int

const (
	rlHeldUnknown rlHoldKind = iota // not used by any op: returned, discarded, or lost to the lowering
	rlHeldInline                    // used only as the receiver of calls (new Thread(r).start())
	rlHeldLocal                     // kept in a local variable of the creating method
	rlHeldField                     // stored in a field
	rlHeldEscaped                   // passed to another method or constructor: someone else owns it
)

// rlHolder is where a created resource lives.
type rlHolder struct {
	kind   rlHoldKind
	owner  string // field's declaring class (rlHeldField)
	name   string // field or local name
	static bool   // a static field
}

// rlKeptIn follows the result of a creation op (a new or a factory call) through the method: to
// the field or local it is assigned to, through a local into a field, or into an argument.
func rlKeptIn(m *ir.Method, op *ir.Op) rlHolder {
	switch op.Store.Kind {
	case ir.ValField:
		return rlHolder{kind: rlHeldField, owner: op.Store.Owner, name: op.Store.Name, static: op.Store.Static}
	case ir.ValLocal:
		local := op.Store.Name
		h := rlHolder{kind: rlHeldLocal, name: local}
		for _, o := range m.Ops[op.Index+1:] {
			switch o.Kind {
			case ir.OpPutField, ir.OpPutStatic:
				if rlIsLocal(o.Val, local) {
					return rlHolder{kind: rlHeldField, owner: o.Owner, name: o.Name, static: o.Kind == ir.OpPutStatic}
				}
			case ir.OpCall, ir.OpNew, ir.OpLambda:
				for _, a := range o.Args {
					if rlIsLocal(a, local) {
						h.kind = rlHeldEscaped
					}
				}
			}
		}
		return h
	}
	h := rlHolder{kind: rlHeldUnknown}
	for _, o := range m.Ops[op.Index+1:] {
		switch o.Kind {
		case ir.OpPutField, ir.OpPutStatic:
			if rlIsResult(o.Val, op.Index) {
				return rlHolder{kind: rlHeldField, owner: o.Owner, name: o.Name, static: o.Kind == ir.OpPutStatic}
			}
		case ir.OpCall, ir.OpNew, ir.OpLambda:
			for _, a := range o.Args {
				if rlIsResult(a, op.Index) {
					return rlHolder{kind: rlHeldEscaped}
				}
			}
			if o.Kind == ir.OpCall && rlIsResult(o.Recv, op.Index) {
				h.kind = rlHeldInline
			}
		}
	}
	return h
}

func rlIsLocal(v ir.Value, name string) bool { return v.Kind == ir.ValLocal && v.Name == name }

func rlIsResult(v ir.Value, idx int) bool { return v.Kind == ir.ValResult && v.Op == idx }

// rlCallsOnValue returns the calls in m (after op) whose receiver is the value op made: directly
// (inline use) or through the local it was stored in.
func rlCallsOnValue(m *ir.Method, op *ir.Op, h rlHolder) []*ir.Op {
	var out []*ir.Op
	for _, o := range m.Ops[op.Index+1:] {
		if o.Kind != ir.OpCall {
			continue
		}
		if rlIsResult(o.Recv, op.Index) || (h.kind == rlHeldLocal || h.kind == rlHeldEscaped) && h.name != "" && rlIsLocal(o.Recv, h.name) {
			out = append(out, o)
		}
	}
	return out
}

// rlAnyNamed reports whether one of the ops is a call with one of the names.
func rlAnyNamed(ops []*ir.Op, names []string) bool {
	for _, o := range ops {
		if analysis.ContainsName(names, o.Name) {
			return true
		}
	}
	return false
}

// rlReleasesField reports whether any of the methods releases the field owner.name: a call of one
// of the names on it, a release-named helper that is given it (closeQuietly(timer)), or a method
// of the same file that is given it and calls one of the names on that parameter.
func rlReleasesField(f *ir.File, methods []*ir.Method, owner, name string, names rlReleaseSet) bool {
	for _, m := range methods {
		for _, op := range m.Ops {
			if op.Kind != ir.OpCall {
				continue
			}
			if names.has(op.Name) && analysis.FieldRef(m, op.Recv, op.Index, owner, name) {
				return true
			}
			for i, a := range op.Args {
				if !analysis.FieldRef(m, a, op.Index, owner, name) {
					continue
				}
				if analysis.IsReleaseVerb(op.Name) {
					return true
				}
				if rlParamReleased(f, op, i, names) {
					return true
				}
			}
		}
	}
	return false
}

// rlParamReleased reports whether a method of the file called by op releases its i-th parameter.
func rlParamReleased(f *ir.File, call *ir.Op, i int, names rlReleaseSet) bool {
	c := f.FindClass(call.Owner)
	if c == nil {
		return false
	}
	for _, m := range c.Methods {
		if m.Name != call.Name || len(m.Params) != len(call.Args) {
			continue
		}
		for _, op := range m.Ops {
			if op.Kind == ir.OpCall && names.has(op.Name) && op.Recv.Kind == ir.ValParam && op.Recv.Index == i {
				return true
			}
		}
	}
	return false
}

// rlReleaseVerdict is what the uninstall-path analysis found for a resource kept in a field.
type rlReleaseVerdict int

const (
	rlReleasedOnUninstall rlReleaseVerdict = iota // released on a path from a destroy entry point
	rlReleasedElsewhere                           // released, but only in methods no uninstall path reaches
	rlNeverReleased                               // no release at all
	rlOwnerUnknown                                // the field belongs to a class outside the file
)

// rlFieldRelease decides whether a resource kept in field owner.name is released from an
// uninstall path of the class declaring the field (see rules.DestroyPath). where names the
// methods that release it off the uninstall path (for rlReleasedElsewhere).
func rlFieldRelease(p *rules.Pass, owner, name string, names rlReleaseSet) (v rlReleaseVerdict, where []string) {
	f := p.File
	c := f.FindClass(owner)
	if c == nil {
		return rlOwnerUnknown, nil
	}
	if analysis.FieldManaged(f, owner, name) {
		return rlReleasedOnUninstall, nil
	}
	if rlReleasesField(f, p.DestroyPath(c), owner, name, names) {
		return rlReleasedOnUninstall, nil
	}
	for _, m := range analysis.FileMethods(f, c) {
		if rlReleasesField(f, []*ir.Method{m}, owner, name, names) {
			where = append(where, rlSignature(m))
		}
	}
	if len(where) > 0 {
		return rlReleasedElsewhere, where
	}
	return rlNeverReleased, nil
}

// rlFieldLabel renders "field pool" or "static field POOL".
func rlFieldLabel(h rlHolder) string {
	if h.static {
		return "static field " + h.name
	}
	return "field " + h.name
}

// rlStaticNote is appended to messages about static fields.
func rlStaticNote(h rlHolder) string {
	if h.static {
		return "; a static field keeps it for as long as the class is loaded (highest risk)"
	}
	return ""
}

// rlNotOnPath renders the rlReleasedElsewhere explanation.
func rlNotOnPath(verb string, where []string) string {
	return verb + " only in " + strings.Join(where, ", ") + ", which no uninstall path (@PreDestroy, destroy(), close(), stop(), a ContextClosedEvent listener) calls"
}

// rlUninstallPaths names the entry points of the uninstall model for messages.
const rlUninstallPaths = "@PreDestroy, destroy(), close(), stop(), a ContextClosedEvent listener"

// rlCreations returns the object creations (OpNew) of a type in the file.
func rlCreations(p *rules.Pass, owner string) []rules.Site {
	var out []rules.Site
	for _, s := range p.Calls(owner, "<init>") {
		if s.Op.Kind == ir.OpNew {
			out = append(out, s)
		}
	}
	return out
}

// rlResourceSpec describes a kind of resource for rlCheckCreated.
type rlResourceSpec struct {
	noun    string   // "executor", "timer", "thread"
	release []string // methods that release it: shutdown, cancel, interrupt...
	verb    string   // "shut down", "cancelled": what a release does, for messages
	effect  string   // what happens when it is not released, for messages
	// holders lists simple names of return types through which a method may hand a local
	// resource to its caller (the IR has no return op, so such a local is not reported).
	holders []string
	// needs, when set, lists calls one of which must be made on the value for it to count (a
	// thread is only a hazard once started).
	needs []string
	// anyVerb makes any release-named call on the resource count (shutdown(), close(),
	// terminate()...): for threads, whose only JDK releases are interrupt/stop/join, such a call
	// is a custom subclass's own stop method.
	anyVerb bool
	// id is the rule's ID, which prefixes the facts the rule exports.
	id string
	// ends, when set, reports a resource kept only in a local or used inline whose work ends by
	// itself (a thread whose body has no loop): the finding is then info, not the rule's severity.
	ends     func(f *ir.File, m *ir.Method, op *ir.Op) bool
	endsNote string
}

// rlCheckCreated reports a resource created at op (in m) that is not released: used inline or
// kept in a local with no release in the method, or kept in a field with no release reachable
// from an uninstall path of the field's class. Resources handed to other code are not reported.
func rlCheckCreated(p *rules.Pass, seen map[string]bool, m *ir.Method, op *ir.Op, spec rlResourceSpec, what string) {
	h := rlKeptIn(m, op)
	switch h.kind {
	case rlHeldUnknown, rlHeldEscaped:
		return
	case rlHeldInline, rlHeldLocal:
		calls := rlCallsOnValue(m, op, h)
		if spec.needs != nil && !rlAnyNamed(calls, spec.needs) {
			return
		}
		if rlAnyReleases(calls, spec.set()) || op.InTryResource {
			return
		}
		if h.kind == rlHeldLocal && rlMayReturn(m, op, spec) {
			return // probably returned to the caller, who owns it
		}
		sev, note := reports.SeverityCritical, ""
		if spec.ends != nil && spec.ends(p.File, m, op) {
			sev, note = reports.SeverityInfo, spec.endsNote
		}
		if h.kind == rlHeldInline {
			p.ReportOpAtMost(sev, m, op, "%s is used inline and never %s: %s%s", what, spec.verb, spec.effect, note)
		} else {
			p.ReportOpAtMost(sev, m, op, "%s is kept only in local %s and never %s in %s(): %s%s", what, h.name, spec.verb, m.Name, spec.effect, note)
		}
		if note != "" {
			p.FixLast("If the work can outlast the module (a long sleep, a blocking call), keep the " + spec.noun + " in a field and " + spec.release[0] + " it on stop; otherwise nothing to do.")
		}
	case rlHeldField:
		if c := p.File.FindClass(h.owner); c != nil {
			if fd := c.Field(h.name); fd != nil {
				h.static = fd.Mods.Has(ir.Static)
			}
		}
		if spec.needs != nil && !rlFieldGets(p.File, op, m, h, spec.needs) {
			return
		}
		v, where := rlFieldRelease(p, h.owner, h.name, spec.set())
		// Another file may release the field on its uninstall path: a listener or bean class of
		// its own, or (bytecode) the nested class that holds the destroy method. Decide at the
		// end of the scan.
		unless := rlReleaseFactsFor(p.File, spec.id, h.owner, h.name)
		// The bytecode frontend inlines an instance field's initializer into every constructor:
		// one finding per line and field, not one per constructor (deferred findings are not
		// deduplicated by the scanner).
		key := fmt.Sprintf("%d|%s.%s", op.Line, h.owner, h.name)
		if seen[key] {
			return
		}
		seen[key] = true
		switch v {
		case rlNeverReleased:
			p.DeferOp(m, op, unless, "%s kept in %s is never %s on an uninstall path (%s): %s%s",
				what, rlFieldLabel(h), spec.verb, rlUninstallPaths, spec.effect, rlStaticNote(h))
		case rlReleasedElsewhere:
			p.DeferOp(m, op, unless, "%s kept in %s is %s%s", what, rlFieldLabel(h), rlNotOnPath(spec.verb, where), rlStaticNote(h))
		}
	}
}

// rlFieldGets reports whether one of the calls is made on the resource created at op: on the value
// before it reached the field, or on the field anywhere in the file.
func rlFieldGets(f *ir.File, op *ir.Op, m *ir.Method, h rlHolder, names []string) bool {
	for _, o := range m.Ops[op.Index+1:] {
		if o.Kind == ir.OpCall && analysis.ContainsName(names, o.Name) && (rlIsResult(o.Recv, op.Index) || op.Store.Kind == ir.ValLocal && rlIsLocal(o.Recv, op.Store.Name)) {
			return true
		}
	}
	for _, c := range f.Classes {
		for _, mm := range c.Methods {
			for _, o := range mm.Ops {
				if o.Kind == ir.OpCall && analysis.ContainsName(names, o.Name) && analysis.FieldRef(mm, o.Recv, o.Index, h.owner, h.name) {
					return true
				}
			}
		}
	}
	return false
}

// rlSimple returns the simple name of a type.
func rlSimple(fqn string) string { return ir.SimpleName(fqn) }

// rlFieldOf returns the field a value refers to (directly, or through a local or result that was
// read from a field), or ok=false.
func rlFieldOf(m *ir.Method, v ir.Value, before int) (owner, name string, static bool, typ string, ok bool) {
	if v.Kind == ir.ValField {
		return v.Owner, v.Name, v.Static, v.Type, true
	}
	if v.Kind == ir.ValLocal || v.Kind == ir.ValResult {
		if op, _ := m.Origin(v, before); op != nil && (op.Kind == ir.OpGetField || op.Kind == ir.OpGetStatic) {
			return op.Owner, op.Name, op.Kind == ir.OpGetStatic, "", true
		}
	}
	return "", "", false, "", false
}

func containsStr(list []string, s string) bool { return analysis.ContainsName(list, s) }

// rlSignature renders a method as name(ParamType, ...) with simple type names, so that
// stop(int) is not mistaken for the stop() the uninstall model knows.
func rlSignature(m *ir.Method) string {
	var b strings.Builder
	b.WriteString(m.Name)
	b.WriteByte('(')
	for i, p := range m.Params {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(ir.SimpleName(p.Type.Name))
		for d := 0; d < p.Type.Dims; d++ {
			b.WriteString("[]")
		}
	}
	b.WriteByte(')')
	return b.String()
}

// rlMayReturn reports whether a method can hand the resource it created to its caller: its
// return type is one of the spec's holder types, the created type, or the local's declared type
// (the IR has no return op, so this is judged by type).
func rlMayReturn(m *ir.Method, op *ir.Op, spec rlResourceSpec) bool {
	r := m.Return
	if r.Primitive() || r.Dims > 0 || r.Name == "" {
		return false
	}
	if analysis.ContainsName(spec.holders, r.Simple()) {
		return true
	}
	return r.Name == op.Owner || op.Store.Kind == ir.ValLocal && op.Store.Type != "" && r.Name == op.Store.Type
}

// rlReleaseSet says which calls release a resource.
type rlReleaseSet struct {
	names   []string
	anyVerb bool
}

func (r rlReleaseSet) has(name string) bool {
	return analysis.ContainsName(r.names, name) || r.anyVerb && analysis.IsReleaseVerb(name)
}

func (spec rlResourceSpec) set() rlReleaseSet {
	return rlReleaseSet{names: spec.release, anyVerb: spec.anyVerb}
}

// rlAnyReleases reports whether one of the ops is a releasing call.
func rlAnyReleases(ops []*ir.Op, r rlReleaseSet) bool {
	for _, o := range ops {
		if r.has(o.Name) {
			return true
		}
	}
	return false
}

// Cross-file release facts. A file exports "<rule>:released:<Class>.<field>" for every field
// that one of its classes releases on an uninstall path, and "<rule>:released:<Class>#access$N"
// when the release goes through a javac synthetic accessor (a nested class reaching a private
// field of its outer class, bytecode before Java 11). Fields are named by the simple name of
// their class, which both frontends spell the same way.

func rlReleasedFact(id, owner, name string) string {
	return id + ":released:" + ir.SimpleName(owner) + "." + name
}

func rlAccessorFact(id, owner, method string) string {
	return id + ":released:" + ir.SimpleName(owner) + "#" + method
}

// rlReleaseFactsFor returns the facts that pair a field: released by name, or through one of
// the accessor methods of its class in this file that read it.
func rlReleaseFactsFor(f *ir.File, id, owner, name string) []string {
	out := []string{rlReleasedFact(id, owner, name)}
	if c := f.FindClass(owner); c != nil {
		for _, m := range c.Methods {
			if !strings.HasPrefix(m.Name, "access$") {
				continue
			}
			for _, op := range m.Ops {
				if (op.Kind == ir.OpGetField || op.Kind == ir.OpGetStatic) && op.Name == name && op.Owner == owner {
					out = append(out, rlAccessorFact(id, owner, m.Name))
					break
				}
			}
		}
	}
	return out
}

// rlExportReleases exports the release facts of a file: for every class, the fields released
// on its uninstall path (and in lambda listeners of context-closed events), and fields handed
// to a Koupleless uninstall handler anywhere.
func rlExportReleases(p *rules.Pass, id string, rel rlReleaseSet) {
	// Most files release nothing: without a releasing call (or a hand-over to a Koupleless
	// uninstall handler) there is no fact to export.
	if !p.AnyCallNamed(func(n string) bool { return rel.has(n) || analysis.ContainsName(analysis.ManagedBy, n) }) {
		return
	}
	f := p.File
	done := map[*ir.Method]bool{}
	scan := func(m *ir.Method, lambdaOnly bool) {
		for _, op := range m.Ops {
			if op.Kind != ir.OpCall || lambdaOnly && !op.InLambda {
				continue
			}
			if rel.has(op.Name) {
				if owner, name, ok := rlConstantAsType(op); ok {
					p.ExportFact(rlReleasedFact(id, owner, name))
				} else {
					rlExportValue(p, id, m, op.Recv, op.Index)
				}
			}
			for i, a := range op.Args {
				if analysis.IsReleaseVerb(op.Name) || rlParamReleased(f, op, i, rel) {
					rlExportValue(p, id, m, a, op.Index)
				}
			}
		}
	}
	for _, c := range f.Classes {
		for _, m := range p.DestroyPath(c) {
			if !done[m] {
				done[m] = true
				scan(m, false)
			}
		}
	}
	for _, c := range f.Classes {
		for _, m := range c.Methods {
			switch {
			case done[m]:
			case strings.HasPrefix(m.Name, "lambda$") && analysis.HasCloseEventParam(m):
				scan(m, false) // bytecode: the body of `event -> ...` typed by the listener
			case analysis.ReturnsCloseListener(m):
				scan(m, true) // source: lambda bodies stay inline in the method that returns them
			}
			for _, op := range m.Ops {
				if op.Kind == ir.OpCall && analysis.ContainsName(analysis.ManagedBy, op.Name) {
					for _, a := range op.Args {
						rlExportValue(p, id, m, a, op.Index)
					}
				}
			}
		}
	}
}

// rlExportValue exports the release fact for the field a released value refers to.
func rlExportValue(p *rules.Pass, id string, m *ir.Method, v ir.Value, before int) {
	if owner, name, _, _, ok := rlFieldOf(m, v, before); ok {
		p.ExportFact(rlReleasedFact(id, owner, name))
		return
	}
	src, _ := m.Origin(v, before)
	if src != nil && src.Kind == ir.OpCall && src.Static && strings.HasPrefix(src.Name, "access$") {
		p.ExportFact(rlAccessorFact(id, src.Owner, src.Name))
		return
	}
	if v.Kind == ir.ValLocal && src == nil {
		// T t = this.f; t.release(): the lowering drops the copy, so every field the method
		// read before the call may be the one released.
		for _, o := range m.Ops {
			if o.Index >= before {
				break
			}
			if o.Kind == ir.OpGetField || o.Kind == ir.OpGetStatic {
				p.ExportFact(rlReleasedFact(id, o.Owner, o.Name))
			}
		}
	}
}
