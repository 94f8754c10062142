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
	ends:    threadBodyEnds,
	endsNote: " (its body has no loop, so it probably ends by itself: a one-shot start-up or " +
		"hand-off thread; info, check that it cannot outlive the module)",
}

// threadBodyEnds reports whether the thread created at op runs a body the file can see that has
// no loop, in itself or in the methods of the file it calls: a one-shot thread. A body it cannot
// see (a Runnable parameter, a class in another file) is not known to end.
func threadBodyEnds(f *ir.File, m *ir.Method, op *ir.Op) bool {
	if op.Kind != ir.OpNew {
		return false
	}
	if c := f.FindClass(op.Owner); c != nil && op.Owner != "java.lang.Thread" {
		run := methodNamed(c, "run")
		return run != nil && !loops(f, run.Ops, 0)
	}
	for _, a := range op.Args {
		src, _ := m.Origin(a, op.Index)
		if src == nil {
			continue
		}
		switch src.Kind {
		case ir.OpLambda:
			if body := lambdaBody(f, m, src); body != nil {
				return !loops(f, body, 0)
			}
			return false
		case ir.OpNew:
			if c := f.FindClass(src.Owner); c != nil {
				run := methodNamed(c, "run")
				return run != nil && !loops(f, run.Ops, 0)
			}
			return false
		}
	}
	return false
}

// lambdaBody returns the ops of a lambda or method reference: the synthetic or named method it
// targets (bytecode, or a method reference), or the lambda's inlined ops (source).
func lambdaBody(f *ir.File, m *ir.Method, l *ir.Op) []*ir.Op {
	if l.Name != "" && l.Name != "lambda" {
		owner := m.Class
		if l.Owner != "" {
			owner = f.FindClass(l.Owner)
		}
		if owner != nil {
			if t := methodNamed(owner, l.Name); t != nil {
				return t.Ops
			}
		}
		return nil
	}
	var body []*ir.Op
	for _, o := range m.Ops[l.Index+1:] {
		if !o.InLambda {
			break
		}
		body = append(body, o)
	}
	return body
}

// blockingCalls wait for something to happen: a loop around one in a called method is a service
// loop (a loop without one, over a collection or a retry, ends).
var blockingCalls = map[string]bool{
	"sleep": true, "wait": true, "await": true, "take": true, "poll": true, "accept": true, "select": true,
	"read": true, "readLine": true, "receive": true, "park": true, "parkNanos": true, "join": true,
}

// loops reports whether the body ops loop, or call a method of the file (three calls deep) with a
// loop around a blocking call.
func loops(f *ir.File, ops []*ir.Op, depth int) bool {
	for _, o := range ops {
		if o.InLoop && (depth == 0 || o.Kind == ir.OpCall && blockingCalls[o.Name]) {
			return true
		}
		if o.Kind != ir.OpCall || depth >= 3 {
			continue
		}
		if c := f.FindClass(o.Owner); c != nil {
			for _, mm := range c.Methods {
				if mm.Name == o.Name && loops(f, mm.Ops, depth+1) {
					return true
				}
			}
		}
	}
	return false
}

func methodNamed(c *ir.Class, name string) *ir.Method {
	for _, m := range c.Methods {
		if m.Name == name && len(m.Params) == 0 || m.Name == name && strings.HasPrefix(name, "lambda$") {
			return m
		}
	}
	for _, m := range c.Methods {
		if m.Name == name {
			return m
		}
	}
	return nil
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
