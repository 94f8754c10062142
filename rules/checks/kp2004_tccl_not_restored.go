package checks

import (
	"github.com/kompat/kompat/rules"
	"github.com/kompat/kompat/rules/analysis"
	"github.com/kompat/kompat/rules/ir"
)

func init() {
	rules.Register(&rules.Check{ID: "KP2004", Run: tcclNotRestored})
	rules.Register(&rules.Check{ID: "KP2012", Run: foreignThreadTCCL})
}

// tcclNotRestored: a setContextClassLoader on the current thread, outside finally, in a method
// with no setContextClassLoader inside a finally block.
func tcclNotRestored(p *rules.Pass) {
	byMethod := map[*ir.Method][]*ir.Op{}
	for _, s := range p.Calls("java.lang.Thread", "setContextClassLoader") {
		byMethod[s.Method] = append(byMethod[s.Method], s.Op)
	}
	for m, ops := range byMethod {
		restored := false
		for _, op := range ops {
			if op.InFinally {
				restored = true
			}
		}
		if restored {
			continue
		}
		for _, op := range ops {
			if !onCurrentThread(m, op) {
				continue // KP2012 covers other threads
			}
			if tcclRestores(m, op) || tcclHandsBackPrevious(m, op.Index) || tcclNullOnUnknownThread(m, op) {
				continue
			}
			if tcclRestoresPassed(m, op) {
				continue // the restoring half a caller calls: unbind(previous)
			}
			p.ReportOp(m, op, "context ClassLoader set in %s with no restore in a finally block", m.Name)
		}
	}
}

// tcclIsGet reports whether op reads the current thread's context ClassLoader.
func tcclIsGet(m *ir.Method, op *ir.Op) bool {
	return op.Kind == ir.OpCall && op.Is("java.lang.Thread", "getContextClassLoader") && onCurrentThread(m, op)
}

// tcclRestores reports whether a set puts back a loader read earlier: from a local that holds the
// result of getContextClassLoader(), or from a field that some method of the class fills with it
// (the previous loader saved by a before/after pair). That is the restoring half of the idiom.
func tcclRestores(m *ir.Method, op *ir.Op) bool {
	if len(op.Args) != 1 {
		return false
	}
	src, v := m.Origin(op.Args[0], op.Index)
	if src != nil && tcclIsGet(m, src) {
		return true
	}
	if src != nil && (src.Kind == ir.OpGetField || src.Kind == ir.OpGetStatic) {
		v = ir.Value{Kind: ir.ValField, Owner: src.Owner, Name: src.Name}
	}
	if v.Kind != ir.ValField {
		return false
	}
	for _, om := range m.Class.Methods {
		for _, o := range om.Ops {
			if tcclIsGet(om, o) && o.Store.Kind == ir.ValField && o.Store.Name == v.Name {
				return true
			}
			if (o.Kind == ir.OpPutField || o.Kind == ir.OpPutStatic) && o.Name == v.Name {
				if g, _ := om.Origin(o.Val, o.Index); g != nil && tcclIsGet(om, g) {
					return true
				}
			}
		}
	}
	return false
}

// tcclHandsBackPrevious reports whether the method read the loader it replaces (before the set)
// and hands it to its caller to restore: it returns it, or keeps it in a field.
func tcclHandsBackPrevious(m *ir.Method, before int) bool {
	for _, g := range m.Ops {
		if g.Index >= before {
			break
		}
		if !tcclIsGet(m, g) {
			continue
		}
		if g.Store.Kind == ir.ValField {
			return true
		}
		for _, r := range m.Returns {
			// the value itself, or the variable it was kept in (a parameter reassigned when null)
			if src, _ := m.Origin(r, len(m.Ops)); src == g {
				return true
			}
			if (g.Store.Kind == ir.ValLocal || g.Store.Kind == ir.ValParam) && (r.Kind == ir.ValLocal || r.Kind == ir.ValParam) && r.Name == g.Store.Name {
				return true
			}
		}
		for _, o := range m.Ops {
			if (o.Kind == ir.OpPutField || o.Kind == ir.OpPutStatic) && o.Index > g.Index {
				if src, _ := m.Origin(o.Val, o.Index); src == g {
					return true
				}
			}
		}
	}
	return false
}

// foreignThreadTCCL: setContextClassLoader on a thread that is not Thread.currentThread().
func foreignThreadTCCL(p *rules.Pass) {
	for _, s := range p.Calls("java.lang.Thread", "setContextClassLoader") {
		if onCurrentThread(s.Method, s.Op) {
			continue
		}
		if tcclArgIsNull(s.Method, s.Op) || tcclArgNoApp(s.Method, s.Op) {
			continue // clearing a thread's loader, or giving it the JDK's, is how a leak through it is avoided
		}
		if p.Side == rules.SideBase && tcclArgOwnLoader(p.File, s.Method, s.Op) {
			continue // in base code the class's own loader is the base's: no app is pinned
		}
		if r, a := s.Op.Recv, tcclArg(s.Method, s.Op); r.Kind == ir.ValParam && a.Kind == ir.ValParam {
			continue // a helper that forwards both; its callers decide what they set
		}
		p.ReportOp(s.Method, s.Op, "context ClassLoader set on another thread (%s); the thread keeps this loader for its whole life", describe(s.Method, s.Op.Recv, s.Op.Index))
	}
}

// onCurrentThread reports whether the receiver comes from Thread.currentThread(), directly or via
// a local assigned from it; an unknown receiver expression counts as current (no evidence
// otherwise), a local with no such origin does not.
func onCurrentThread(m *ir.Method, op *ir.Op) bool {
	src, v := m.Origin(op.Recv, op.Index)
	if src != nil {
		return src.Is("java.lang.Thread", "currentThread")
	}
	switch v.Kind {
	case ir.ValThis:
		return false // inside a Thread subclass: setting its own loader before start
	case ir.ValField, ir.ValParam:
		return false
	case ir.ValLocal:
		// a loop variable over other threads (for (Thread t : threads)) or a local the method
		// never assigns from a call: not known to be the current thread (KP2012's business)
		return false
	}
	return true
}

func describe(m *ir.Method, v ir.Value, before int) string {
	if src, _ := m.Origin(v, before); src != nil {
		if src.Kind == ir.OpNew {
			return "a new " + ir.SimpleName(src.Owner)
		}
		return "the result of " + ir.SimpleName(src.Owner) + "." + src.Name
	}
	switch v.Kind {
	case ir.ValField:
		return "field " + v.Name
	case ir.ValParam:
		return "parameter " + v.Name
	case ir.ValThis:
		return "this thread object"
	}
	return "a thread object"
}

// tcclArg returns where the loader argument of a setContextClassLoader comes from.
func tcclArg(m *ir.Method, op *ir.Op) ir.Value {
	if len(op.Args) != 1 {
		return ir.Value{}
	}
	_, v := m.Origin(op.Args[0], op.Index)
	return v
}

func tcclArgIsNull(m *ir.Method, op *ir.Op) bool { return tcclArg(m, op).Kind == ir.ValNull }

// tcclArgOwnLoader reports whether the loader set is the loader of a class of the file
// (Own.class.getClassLoader(), getClass().getClassLoader()).
func tcclArgOwnLoader(f *ir.File, m *ir.Method, op *ir.Op) bool {
	if len(op.Args) != 1 {
		return false
	}
	src, _ := m.Origin(op.Args[0], op.Index)
	if src == nil || src.Kind != ir.OpCall || src.Name != "getClassLoader" || len(src.Args) != 0 || src.Owner != "java.lang.Class" && src.Owner != "" {
		return false
	}
	r, v := m.Origin(src.Recv, src.Index)
	if r != nil {
		return r.Kind == ir.OpCall && r.Name == "getClass" && len(r.Args) == 0 && (r.Recv.Kind == ir.ValThis || r.Recv.Kind == ir.ValUnknown && r.Recv.Name == "")
	}
	return v.Kind == ir.ValClassLit && f.FindClass(v.Type) != nil
}

// tcclArgNoApp reports whether the loader set is no app's: a JDK class's loader
// (ThreadFactory.class.getClassLoader(), the bootstrap loader) or the system or platform loader.
func tcclArgNoApp(m *ir.Method, op *ir.Op) bool {
	if len(op.Args) != 1 {
		return false
	}
	src, _ := m.Origin(op.Args[0], op.Index)
	if src == nil || src.Kind != ir.OpCall {
		return false
	}
	switch {
	case src.Is("java.lang.ClassLoader", "getSystemClassLoader"), src.Is("java.lang.ClassLoader", "getPlatformClassLoader"):
		return true
	case src.Is("java.lang.Class", "getClassLoader"):
		_, v := m.Origin(src.Recv, src.Index)
		return v.Kind == ir.ValClassLit && analysis.IsJDK(v.Type)
	}
	return false
}

// tcclNullOnUnknownThread: setContextClassLoader(null) on a thread not known to be the current
// one (a captured thread object inside a privileged action) pins no app's loader.
func tcclNullOnUnknownThread(m *ir.Method, op *ir.Op) bool {
	if !tcclArgIsNull(m, op) {
		return false
	}
	src, _ := m.Origin(op.Recv, op.Index)
	return src == nil || !src.Is("java.lang.Thread", "currentThread")
}

// tcclRestoresPassed reports the restoring call of a bind/unbind pair: a void method whose last
// call sets the context loader to a parameter it does not reassign, as its caller passed it back.
func tcclRestoresPassed(m *ir.Method, op *ir.Op) bool {
	a := tcclArg(m, op)
	if a.Kind != ir.ValParam || m.Assigns(a.Name) || !m.Return.Is("void") {
		return false
	}
	for _, o := range m.Ops {
		if o.Index > op.Index && (o.Kind == ir.OpCall || o.Kind == ir.OpNew) {
			return false // work runs after the switch: the loader is not being restored
		}
	}
	return true
}
