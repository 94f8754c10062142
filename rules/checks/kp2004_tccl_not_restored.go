package checks

import (
	"github.com/kompat/kompat/rules"
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
			p.ReportOp(m, op, "context ClassLoader set in %s with no restore in a finally block", m.Name)
		}
	}
}

// foreignThreadTCCL: setContextClassLoader on a thread that is not Thread.currentThread().
func foreignThreadTCCL(p *rules.Pass) {
	for _, s := range p.Calls("java.lang.Thread", "setContextClassLoader") {
		if onCurrentThread(s.Method, s.Op) {
			continue
		}
		p.ReportOp(s.Method, s.Op, "context ClassLoader set on another thread (%s); the thread keeps this loader for its whole life", describe(s.Method, s.Op.Recv, s.Op.Index))
	}
}

// onCurrentThread reports whether the receiver comes from Thread.currentThread(), directly or via
// a local; an unknown receiver counts as current (no evidence otherwise).
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
