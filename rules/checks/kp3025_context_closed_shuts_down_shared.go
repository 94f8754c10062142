package checks

import (
	"strings"

	"github.com/kompat/kompat/rules"
	"github.com/kompat/kompat/rules/ir"
)

func init() { rules.Register(&rules.Check{ID: "KP3025", Run: contextClosedShutsDownShared}) }

// contextClosedShutsDownShared: a method that takes a context-closed event (onApplicationEvent of
// an ApplicationListener<ContextClosedEvent>, an @EventListener method; any type whose simple name
// ends in ContextClosedEvent) and, itself or through methods of its class, shuts down static or
// process-wide state (a lifecycle call on a static field or on what a static method returns, a
// static lifecycle call, a static field set to null) without ever asking the event which context
// closed (getApplicationContext / getSource). In a base shared by several apps, the first app to
// stop shuts the shared object down for all of them.
func contextClosedShutsDownShared(p *rules.Pass) {
	for _, c := range p.File.Classes {
		for _, m := range c.Methods {
			if m.Mods.Has(ir.Synthetic) || len(m.Params) != 1 || !strings.HasSuffix(m.Params[0].Type.Simple(), "ContextClosedEvent") {
				continue
			}
			if asksWhichContext(c, m, map[*ir.Method]bool{}, 0) || dispatchedAfterCheck(c, m) {
				continue
			}
			op, via := sharedShutdown(c, m, map[*ir.Method]bool{}, 0)
			if op == nil {
				continue
			}
			what := shutdownText(m, op)
			if via != "" {
				what = via + "()"
			}
			p.ReportOp(m, op, "%s on a context-closed event shuts down process-wide state (%s) without checking that the closed context is its own: the first app to stop shuts it down for every app", m.Name, what)
		}
	}
}

// sameClassCallee returns the method of c (by name and arity) that op calls on this or statically.
func sameClassCallee(c *ir.Class, op *ir.Op) *ir.Method {
	if op.Kind != ir.OpCall || op.Owner != "" && op.Owner != c.Name || !(op.Static || op.Recv.Kind == ir.ValThis || op.Recv.Kind == ir.ValUnknown) {
		return nil
	}
	for _, t := range c.Methods {
		if t.Name == op.Name && len(t.Params) == op.Argc {
			return t
		}
	}
	return nil
}

func asksWhichContext(c *ir.Class, m *ir.Method, seen map[*ir.Method]bool, depth int) bool {
	if seen[m] || depth > 3 {
		return false
	}
	seen[m] = true
	for _, op := range m.Ops {
		if op.Kind != ir.OpCall {
			continue
		}
		if op.Name == "getApplicationContext" || op.Name == "getSource" {
			return true
		}
		if t := sameClassCallee(c, op); t != nil && asksWhichContext(c, t, seen, depth+1) {
			return true
		}
	}
	return false
}

// dispatchedAfterCheck: a method of the class that calls m (an onApplicationEvent that dispatches
// by event type) asks the event which context closed.
func dispatchedAfterCheck(c *ir.Class, m *ir.Method) bool {
	for _, caller := range c.Methods {
		if caller == m {
			continue
		}
		for _, op := range caller.Ops {
			if sameClassCallee(c, op) == m {
				if asksWhichContext(c, caller, map[*ir.Method]bool{m: true}, 0) {
					return true
				}
				break
			}
		}
	}
	return false
}

// sharedShutdown returns the op in m that shuts down shared state (for a callee's op: the call in
// m, with the callee's name).
func sharedShutdown(c *ir.Class, m *ir.Method, seen map[*ir.Method]bool, depth int) (*ir.Op, string) {
	if seen[m] || depth > 3 {
		return nil, ""
	}
	seen[m] = true
	for _, op := range m.Ops {
		switch op.Kind {
		case ir.OpPutStatic:
			if op.Val.Kind == ir.ValNull {
				return op, ""
			}
		case ir.OpCall:
			if t := sameClassCallee(c, op); t != nil {
				if sub, _ := sharedShutdown(c, t, seen, depth+1); sub != nil {
					return op, t.Name
				}
				continue
			}
			if !lifecycleName(op.Name) {
				continue
			}
			if op.Static && !jdkType(op.Owner) {
				return op, ""
			}
			if !op.Static && staticOrigin(m, op.Recv, op.Index) {
				return op, ""
			}
		}
	}
	return nil, ""
}

// staticOrigin: the value is a static field, or the result of a static call (a holder's getInstance()).
func staticOrigin(m *ir.Method, v ir.Value, before int) bool {
	if v.Kind == ir.ValField && v.Static {
		return true
	}
	op, _ := m.Origin(v, before)
	return op != nil && (op.Kind == ir.OpGetStatic || op.Kind == ir.OpCall && op.Static && !jdkType(op.Owner))
}

func jdkType(name string) bool {
	return strings.HasPrefix(name, "java.") || strings.HasPrefix(name, "javax.") || strings.HasPrefix(name, "jdk.") || strings.HasPrefix(name, "sun.")
}

func shutdownText(m *ir.Method, op *ir.Op) string {
	if src, _ := m.Origin(op.Recv, op.Index); !op.Static && src != nil {
		switch {
		case src.Kind == ir.OpGetStatic:
			return ir.SimpleName(src.Owner) + "." + src.Name + "." + op.Name + "()"
		case src.Kind == ir.OpCall:
			return ir.SimpleName(src.Owner) + "." + src.Name + "()." + op.Name + "()"
		}
	}
	switch {
	case op.Kind == ir.OpPutStatic:
		return "static field " + op.Name + " set to null"
	case op.Static:
		return ir.SimpleName(op.Owner) + "." + op.Name + "()"
	case op.Recv.Kind == ir.ValField:
		return ir.SimpleName(op.Recv.Owner) + "." + op.Recv.Name + "." + op.Name + "()"
	}
	return op.Name + "() on a static instance"
}
