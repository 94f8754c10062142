package analysis

import (
	"slices"
	"strings"

	"github.com/kompat/kompat/rules/ir"
)

// destroyNames are the methods Spring and the JDK call when a bean or resource is closed: Spring
// infers close() and shutdown() as destroy methods of @Bean objects, DisposableBean.destroy(),
// Lifecycle.stop(), AutoCloseable.close(), ServletContextListener.contextDestroyed().
var destroyNames = map[string]bool{
	"close": true, "shutdown": true, "destroy": true, "stop": true, "dispose": true, "contextDestroyed": true,
}

// closeEvents are event types whose handlers run when an app (module) shuts down.
var closeEvents = []string{"ContextClosedEvent", "ContextStoppedEvent", "BeforeBizStopEvent", "BeforeBizRecycleEvent", "ServletContextEvent"}

// IsDestroyEntry reports whether a method runs when the app is uninstalled: @PreDestroy, the
// destroy methods Spring infers or calls (close, shutdown, destroy, stop, dispose with no
// parameters) and their lifecycle template methods (stopInternal, destroyInternal), and handlers of context-closed events (onApplicationEvent, @EventListener).
func IsDestroyEntry(m *ir.Method) bool {
	if ir.HasAnnotation(m.Annotations, "javax.annotation.PreDestroy") || ir.HasAnnotation(m.Annotations, "jakarta.annotation.PreDestroy") {
		return true
	}
	if destroyNames[m.Name] && (len(m.Params) == 0 || m.Name == "contextDestroyed") && !m.Mods.Has(ir.Static) {
		return true
	}
	// the template methods a lifecycle base class's stop() or destroy() calls (stopInternal(),
	// destroyInternal()): the subclass's part of the same path
	if base, ok := strings.CutSuffix(m.Name, "Internal"); ok && destroyNames[base] && len(m.Params) == 0 && !m.Mods.Has(ir.Static) {
		return true
	}
	if m.Name == "onApplicationEvent" || m.Name == "onEvent" || m.Name == "handleEvent" || ir.HasAnnotation(m.Annotations, "org.springframework.context.event.EventListener") {
		for _, p := range m.Params {
			for _, ev := range closeEvents {
				if ir.SimpleName(p.Type.Name) == ev {
					return true
				}
			}
		}
		if ann := findAnn(m.Annotations, "EventListener"); ann != nil {
			for _, v := range ann.Values["value"] {
				for _, ev := range closeEvents {
					if strings.Contains(v, ev) {
						return true
					}
				}
			}
		}
	}
	return false
}

func findAnn(anns []ir.Annotation, simple string) *ir.Annotation {
	for i := range anns {
		if ir.SimpleName(anns[i].Type) == simple {
			return &anns[i]
		}
	}
	return nil
}

// DestroyPath returns every method of the file reachable from a destroy entry point of class c
// (or of a class nested in it, such as a listener), following calls to methods of classes in the
// same file and lambda bodies.
func DestroyPath(f *ir.File, c *ir.Class) []*ir.Method { return NewDestroyIndex(f).Path(c) }

// DestroyIndex answers DestroyPath for every class of one file from one index of its methods by
// owner and name, so a file with many classes is indexed once, not once per class.
type DestroyIndex struct {
	f      *ir.File
	byName map[string][]*ir.Method
}

// NewDestroyIndex indexes the methods of f by "Owner#name".
func NewDestroyIndex(f *ir.File) *DestroyIndex {
	byName := map[string][]*ir.Method{}
	for _, k := range f.Classes {
		for _, m := range k.Methods {
			key := k.Name + "#" + m.Name
			byName[key] = append(byName[key], m)
		}
	}
	return &DestroyIndex{f: f, byName: byName}
}

// Path is DestroyPath(f, c) for the indexed file.
func (x *DestroyIndex) Path(c *ir.Class) []*ir.Method {
	var queue []*ir.Method
	for _, k := range x.f.Classes {
		if k != c && !strings.HasPrefix(k.Name, c.Name+"$") && !strings.HasPrefix(c.Name, k.Name+"$") {
			continue
		}
		for _, m := range k.Methods {
			if IsDestroyEntry(m) {
				queue = append(queue, m)
			}
		}
	}
	seen := map[*ir.Method]bool{}
	var out []*ir.Method
	for len(queue) > 0 {
		m := queue[0]
		queue = queue[1:]
		if seen[m] {
			continue
		}
		seen[m] = true
		out = append(out, m)
		for _, op := range m.Ops {
			switch op.Kind {
			case ir.OpCall:
				queue = append(queue, x.byName[op.Owner+"#"+op.Name]...)
			case ir.OpLambda:
				queue = append(queue, x.byName[m.Class.Name+"#"+op.Name]...)
			}
		}
	}
	return out
}

// CallsOn reports whether any of the methods calls one of the names on a value that refers to the
// field (owner.name): directly, or through a local assigned from the field.
func CallsOn(methods []*ir.Method, owner, field string, names ...string) bool {
	for _, m := range methods {
		for _, op := range m.Ops {
			if op.Kind != ir.OpCall || !slices.Contains(names, op.Name) {
				continue
			}
			if RefersToField(m, op.Recv, op.Index, owner, field) {
				return true
			}
		}
	}
	return false
}

// RefersToField reports whether a value is the field, read directly or through a local.
func RefersToField(m *ir.Method, v ir.Value, before int, owner, field string) bool {
	if v.Kind == ir.ValField {
		return v.Name == field && (v.Owner == owner || v.Owner == "")
	}
	if v.Kind == ir.ValLocal || v.Kind == ir.ValResult {
		op, _ := m.Origin(v, before)
		if op != nil && (op.Kind == ir.OpGetField || op.Kind == ir.OpGetStatic) && op.Name == field {
			return true
		}
		if op != nil && op.Kind == ir.OpCall && len(op.Args) == 0 && op.Recv.Kind == ir.ValField && op.Recv.Name == field {
			// e.g. pool.get().shutdown() through an AtomicReference: close enough
			return true
		}
	}
	return false
}
