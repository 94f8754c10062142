package checks

import (
	"strings"

	"github.com/kompat/kompat/rules"
	"github.com/kompat/kompat/rules/ir"
)

func init() { rules.Register(&rules.Check{ID: "KP2013", Run: appTaskOnStaticPool}) }

var submitNames = map[string]bool{"execute": true, "submit": true, "schedule": true, "scheduleAtFixedRate": true,
	"scheduleWithFixedDelay": true, "invokeAll": true, "invokeAny": true}

// appTaskOnStaticPool: a non-private method hands a task it was given (its parameter of a task
// type, as is, not wrapped) to an executor held in a static field (or returned by a static
// method): the caller's callback runs on a library-owned pool whose threads carry the context
// loader of whichever app (or the base) made them, and nothing puts the caller's back. An executor
// of the code base's own type in a file that sets context loaders may wrap its tasks itself:
// silence.
func appTaskOnStaticPool(p *rules.Pass) {
	propagates := len(p.CallsNamed("setContextClassLoader")) > 0
	for name := range submitNames {
		for _, s := range p.CallsNamed(name) {
			m, op := s.Method, s.Op
			if op.Static || op.Kind != ir.OpCall || len(op.Args) == 0 || m.Mods.Has(ir.Private) || m.Mods.Has(ir.Synthetic) || op.InLambda {
				continue
			}
			if !executorType(op.Owner) || propagates && !strings.HasPrefix(op.Owner, "java.util.concurrent.") {
				continue
			}
			pool := staticPool(m, op)
			if pool == "" {
				continue
			}
			_, v := m.Origin(op.Args[0], op.Index)
			if v.Kind != ir.ValParam || v.Index < 0 || v.Index >= len(m.Params) || !taskType(m.Params[v.Index].Type) {
				continue
			}
			p.ReportOp(m, op, "%s runs the caller's task %s on the static pool %s, whose threads carry another app's (or the base's) context ClassLoader; capture the caller's context ClassLoader and set it around the task", m.Name, m.Params[v.Index].Name, pool)
		}
	}
}

// executorType: an executor by its type's name (unresolved owners count: the receiver decides).
func executorType(owner string) bool {
	s := ir.SimpleName(owner)
	return owner == "" || strings.HasPrefix(owner, "java.util.concurrent.") || strings.Contains(s, "Executor") || strings.Contains(s, "Pool") || strings.Contains(s, "Scheduler")
}

// staticPool names the static field or static method the call's receiver comes from, "" otherwise.
func staticPool(m *ir.Method, op *ir.Op) string {
	if op.Recv.Kind == ir.ValField && op.Recv.Static {
		return ir.SimpleName(op.Recv.Owner) + "." + op.Recv.Name
	}
	src, _ := m.Origin(op.Recv, op.Index)
	switch {
	case src == nil:
	case src.Kind == ir.OpGetStatic:
		return ir.SimpleName(src.Owner) + "." + src.Name
	case src.Kind == ir.OpCall && src.Static && !jdkType(src.Owner):
		return ir.SimpleName(src.Owner) + "." + src.Name + "()"
	}
	return ""
}

// taskType: a parameter type that is a unit of work (Runnable, Callable, a Supplier, a collection
// of tasks for invokeAll, or a type named like a task), not a value handed to a pool-like API.
func taskType(t ir.Type) bool {
	switch t.Name {
	case "java.lang.Runnable", "java.util.concurrent.Callable", "java.util.function.Supplier", "java.util.Collection", "java.util.List", "java.util.Set":
		return true
	}
	s := t.Simple()
	for _, k := range []string{"Runnable", "Callable", "Task", "Job", "Command"} {
		if strings.HasSuffix(s, k) {
			return true
		}
	}
	return false
}
