package hprof

import (
	"fmt"
	"strings"
)

// rootRank orders roots of equal distance: a path from a thread or a system class reads better
// than one from a JNI handle.
func rootRank(k RootKind) int {
	switch k {
	case RootStickyClass:
		return 0
	case RootThread:
		return 1
	case RootJavaFrame:
		return 2
	case RootJNIGlobal:
		return 3
	}
	return 4
}

// ShortestPaths finds, for each target, a shortest chain of strong references from a GC root
// (one breadth-first search from every root at once). A target with no strong path (reachable
// only through soft, weak, phantom or final references, or not at all) is missing from the result.
func (h *Heap) ShortestPaths(targets []ID) (map[ID]*Path, error) {
	n := len(h.objs)
	parent := make([]int32, n) // -1 unvisited, -2 root, else the parent's index
	via := make([]uint32, n)
	rootOf := make([]int32, n)
	for i := range parent {
		parent[i] = -1
	}
	want := map[int]ID{}
	for _, t := range targets {
		if i := h.index(t); i >= 0 {
			want[i] = t
		}
	}
	queue := make([]int32, 0, 1024)
	for rank := 0; rank <= 4; rank++ {
		for ri, rt := range h.roots {
			if rootRank(rt.kind) != rank {
				continue
			}
			i := h.index(rt.obj)
			if i < 0 || parent[i] != -1 {
				continue
			}
			parent[i], rootOf[i] = -2, int32(ri)
			queue = append(queue, int32(i))
		}
	}
	found := 0
	for q := 0; q < len(queue) && found < len(want); q++ {
		i := queue[q]
		if _, ok := want[int(i)]; ok {
			found++
		}
		o := h.objs[i]
		for e := o.first; e < o.first+o.n; e++ {
			j := h.index(h.edgeTo[e])
			if j < 0 || parent[j] != -1 {
				continue
			}
			parent[j], via[j], rootOf[j] = i, h.edgeLbl[e], rootOf[i]
			queue = append(queue, int32(j))
		}
	}
	out := map[ID]*Path{}
	for i, id := range want {
		if parent[i] == -1 {
			continue
		}
		var chain []int32
		for k := int32(i); k >= 0; k = parent[k] {
			chain = append(chain, k)
			if len(chain) > n {
				return nil, fmt.Errorf("reference path to 0x%x loops", id)
			}
		}
		p := &Path{}
		for c := len(chain) - 1; c >= 0; c-- {
			k := chain[c]
			st := Step{Object: h.objs[k].id, Class: h.describe(k)}
			if c != len(chain)-1 {
				st.Via = h.viaText(via[k])
			}
			p.Steps = append(p.Steps, st)
		}
		rt := h.roots[rootOf[i]]
		p.Root = rt.kind
		p.RootDesc = h.rootDesc(rt)
		out[id] = p
	}
	return out, nil
}

func (h *Heap) describe(i int32) string {
	o := h.objs[i]
	if o.kind == kindClass {
		if c := h.classes[o.id]; c != nil {
			return "class " + c.Name
		}
		return "class ?"
	}
	if c := h.classes[o.class]; c != nil {
		return c.Name
	}
	if name := h.names[o.class]; name != "" {
		return javaName(name)
	}
	return "?"
}

func (h *Heap) viaText(l uint32) string {
	switch {
	case l&arrayBit != 0:
		return fmt.Sprintf("[%d]", l&^arrayBit)
	case l == labelClass:
		return "<class>"
	case l == labelSuper:
		return "<superclass>"
	case l == labelLoader:
		return "<loader>"
	case l == labelSigners:
		return "<signers>"
	case l == labelDomain:
		return "<protection domain>"
	case l == labelConstant:
		return "<constant pool>"
	case int(l) < len(h.labels):
		return h.labels[l]
	}
	return "?"
}

func (h *Heap) rootDesc(rt root) string {
	switch rt.kind {
	case RootStickyClass:
		if c := h.classes[rt.obj]; c != nil {
			return "system class " + c.Name
		}
		return "system class"
	case RootThread:
		return "thread" // named by NameThreads
	case RootJavaFrame:
		s := "local variable in a running method"
		if th, ok := h.threads[rt.thread]; ok && rt.frame >= 0 {
			if fr := h.traces[th.trace]; int(rt.frame) < len(fr) {
				if f, ok := h.frames[fr[rt.frame]]; ok {
					s = fmt.Sprintf("local variable in %s.%s", javaName(h.names[h.serials[f.class]]), h.strs[f.method])
				}
			}
		}
		return s
	case RootJNIGlobal:
		return "JNI global reference"
	case RootJNILocal:
		return "JNI local reference"
	case RootNativeStack:
		return "native stack"
	case RootThreadBlock:
		return "thread block"
	case RootMonitor:
		return "object used as a monitor"
	}
	return "unknown GC root"
}

// threadOf returns the thread object a root belongs to (for thread, frame and native roots).
func (h *Heap) threadOf(rt root) ID {
	if rt.kind == RootThread {
		return rt.obj
	}
	if th, ok := h.threads[rt.thread]; ok && rt.thread != 0 {
		return th.obj
	}
	return 0
}

// NameThreads fills in the thread names of paths that start at a thread (or a thread's stack):
// "thread 'pool-1-thread-1'". It reads the dump up to three more times.
func (h *Heap) NameThreads(paths map[ID]*Path) error {
	var threads []ID
	byPath := map[*Path]ID{}
	for _, p := range paths {
		for _, rt := range h.roots {
			if len(p.Steps) > 0 && rt.obj == p.Steps[0].Object && rt.kind == p.Root {
				if t := h.threadOf(rt); t != 0 {
					threads = append(threads, t)
					byPath[p] = t
				}
				break
			}
		}
	}
	if len(threads) == 0 {
		return nil
	}
	names, err := h.ObjectNames(threads)
	if err != nil {
		return err
	}
	for p, t := range byPath {
		name, ok := names[t]
		if !ok {
			continue
		}
		if p.Root == RootThread {
			p.RootDesc = fmt.Sprintf("thread '%s'", name)
		} else {
			p.RootDesc += fmt.Sprintf(" (thread '%s')", name)
		}
	}
	return nil
}

// ObjectNames returns the String value of the "name" field of each object that has one (a
// Thread's or, from JDK 9, a ClassLoader's name).
func (h *Heap) ObjectNames(ids []ID) (map[ID]string, error) {
	fields, err := h.RefFields(ids)
	if err != nil {
		return nil, err
	}
	var strs []ID
	for _, f := range fields {
		if s := f["name"]; s != 0 {
			strs = append(strs, s)
		}
	}
	vals, err := h.Strings(strs)
	if err != nil {
		return nil, err
	}
	out := map[ID]string{}
	for id, f := range fields {
		if s, ok := vals[f["name"]]; ok && f["name"] != 0 {
			out[id] = s
		}
	}
	return out, nil
}

// String renders the path for a finding: it starts at the last static field on the way (the
// usual culprit; the chain that leads to that class is its loader's business), else at the
// root, e.g. "static field a.Cache.MAP -> java.util.HashMap.table -> java.util.HashMap$Node[][3]
// -> java.util.HashMap$Node.value -> biz loader", or "thread 'pool-1-thread-1' (context loader)".
func (p *Path) String() string {
	if len(p.Steps) == 0 {
		return p.RootDesc
	}
	target := p.Target
	if target == "" {
		target = p.Steps[len(p.Steps)-1].Class
	}
	if p.Root == RootThread && len(p.Steps) == 2 && p.Steps[1].Via == "contextClassLoader" {
		return p.RootDesc + " (context loader)"
	}
	start := 0
	for i := len(p.Steps) - 1; i > 0; i-- {
		if strings.HasPrefix(p.Steps[i].Via, "static ") {
			start = i
			break
		}
	}
	var parts []string
	if start == 0 {
		parts = append(parts, p.RootDesc)
		if len(p.Steps) == 1 {
			return p.RootDesc + " -> " + target
		}
		start = 1
	}
	for i := start; i < len(p.Steps); i++ {
		parts = append(parts, hop(p.Steps[i-1], p.Steps[i], i == 1 && p.Root == RootThread))
	}
	return strings.Join(parts, " -> ") + " -> " + target
}

// Full renders every step from the root.
func (p *Path) Full() string {
	parts := []string{p.RootDesc}
	for i := 1; i < len(p.Steps); i++ {
		parts = append(parts, hop(p.Steps[i-1], p.Steps[i], false))
	}
	return strings.Join(parts, " -> ")
}

// hop renders how holder references next.
func hop(holder, next Step, threadRoot bool) string {
	cls := holder.Class
	switch v := next.Via; {
	case strings.HasPrefix(v, "static "):
		return "static field " + strings.TrimPrefix(cls, "class ") + "." + strings.TrimPrefix(v, "static ")
	case strings.HasPrefix(v, "["):
		return strings.TrimSuffix(cls, "[]") + "[]" + v
	case v == "<class>":
		return cls + " instance"
	case v == "<loader>":
		return cls + " (its loader)"
	case v == "<superclass>":
		return cls + " (its superclass)"
	case strings.HasPrefix(v, "<"):
		return cls + " " + v
	default:
		if threadRoot {
			return "its field " + v
		}
		return cls + "." + v
	}
}
