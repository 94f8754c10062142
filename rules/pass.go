package rules

import (
	"fmt"
	"sync"

	"github.com/kompat/kompat/reports"
	"github.com/kompat/kompat/rules/analysis"
	"github.com/kompat/kompat/rules/ir"
	"github.com/kompat/kompat/rules/program"
)

// Site is an op in a method.
type Site struct {
	Method *ir.Method
	Op     *ir.Op
}

// memberKey names a member of a type without building a string per op.
type memberKey struct{ owner, name string }

// Index gives rules O(1) access to what a file does; it is built once per file and shared.
type Index struct {
	calls   map[memberKey][]Site // calls and news of owner.name -> sites
	byName  map[string][]Site    // name -> call sites with any owner
	onField map[memberKey][]Site // field -> ops whose receiver is that field, and puts/gets
}

// indexes holds the maps of indexes done with: a file's index is built for each file and dropped
// after its rules ran, and allocating its maps anew was a tenth of what a source scan allocates.
var indexes sync.Pool

// maxPooledIndex bounds the entries of an index kept for reuse: clearing a map costs its
// capacity, which one huge file would make every later small file pay.
const maxPooledIndex = 4096

// release hands the index's maps back for the next file. Sites handed out stay valid: clearing
// drops the map's references to them, never the sites.
func (ix *Index) release() {
	if len(ix.calls) > maxPooledIndex || len(ix.byName) > maxPooledIndex || len(ix.onField) > maxPooledIndex {
		return
	}
	clear(ix.calls)
	clear(ix.byName)
	clear(ix.onField)
	indexes.Put(ix)
}

func newIndex(f *ir.File) *Index {
	n := 0
	for _, c := range f.Classes {
		for _, m := range c.Methods {
			n += len(m.Ops)
		}
	}
	ix, _ := indexes.Get().(*Index)
	if ix == nil {
		ix = &Index{calls: make(map[memberKey][]Site, n/2), byName: make(map[string][]Site, n/2), onField: map[memberKey][]Site{}}
	}
	for _, c := range f.Classes {
		for _, m := range c.Methods {
			for _, op := range m.Ops {
				s := Site{m, op}
				switch op.Kind {
				case ir.OpCall, ir.OpNew:
					k := memberKey{op.Owner, op.Name}
					ix.calls[k] = append(ix.calls[k], s)
					ix.byName[op.Name] = append(ix.byName[op.Name], s)
					if op.Recv.Kind == ir.ValField {
						fk := memberKey{op.Recv.Owner, op.Recv.Name}
						ix.onField[fk] = append(ix.onField[fk], s)
					}
				case ir.OpGetStatic, ir.OpPutStatic, ir.OpGetField, ir.OpPutField:
					fk := memberKey{op.Owner, op.Name}
					ix.onField[fk] = append(ix.onField[fk], s)
				}
			}
		}
	}
	return ix
}

// Pass is one rule applied to one file.
type Pass struct {
	File *ir.File
	Side Side
	Meta *Meta

	idx *Index
	run *fileRun
}

// Calls returns the call sites (or, with name "<init>", creations) of owner.name in the file.
func (p *Pass) Calls(owner, name string) []Site { return p.idx.calls[memberKey{owner, name}] }

// DestroyPath is analysis.DestroyPath for the pass's file, computed once per class and shared by
// every rule that runs on the file.
func (p *Pass) DestroyPath(c *ir.Class) []*ir.Method {
	if p.run.destroy == nil {
		p.run.destroy = map[*ir.Class][]*ir.Method{}
	}
	if ms, ok := p.run.destroy[c]; ok {
		return ms
	}
	if p.run.destroyIx == nil {
		p.run.destroyIx = analysis.NewDestroyIndex(p.File)
	}
	ms := p.run.destroyIx.Path(c)
	p.run.destroy[c] = ms
	return ms
}

// AnyCallNamed reports whether the file calls any method whose name satisfies pred; it looks at
// each distinct name once, so checks can skip a file cheaply.
func (p *Pass) AnyCallNamed(pred func(name string) bool) bool {
	for name := range p.idx.byName {
		if pred(name) {
			return true
		}
	}
	return false
}

// CallsNamed returns call sites of a method name on any owner (for unresolved receivers).
func (p *Pass) CallsNamed(name string) []Site { return p.idx.byName[name] }

// FieldUses returns the ops that read, write or call through a field (owner is the declaring class).
func (p *Pass) FieldUses(owner, field string) []Site { return p.idx.onField[memberKey{owner, field}] }

// ReportOp reports a finding at an op.
func (p *Pass) ReportOp(m *ir.Method, op *ir.Op, format string, args ...any) {
	f := p.finding(m.Desc(), op.Line, op.Col, snippetOf(p.File, op), fmt.Sprintf(format, args...))
	switch op.Kind {
	case ir.OpPutStatic, ir.OpGetStatic:
		f.Subject = op.Owner + "." + op.Name // the field the op is about
	}
	p.run.add(f)
}

// ReportField reports a finding at a field declaration.
func (p *Pass) ReportField(f *ir.Field, format string, args ...any) {
	r := p.finding(f.Class.Name+"."+f.Name, f.Line, f.Col, "field "+f.Name+" "+f.Type.String(), fmt.Sprintf(format, args...))
	if f.Mods.Has(ir.Static) {
		r.Subject = r.Location.Symbol
	}
	p.run.add(r)
}

// ReportFieldAtMost reports a finding at a field declaration with at most severity sev: the
// rule's hazard is there, but the analysis sees why it is weaker here (a value that never changes
// after class initialization, a cache with a removal path).
func (p *Pass) ReportFieldAtMost(sev reports.Severity, f *ir.Field, format string, args ...any) {
	p.ReportField(f, format, args...)
	p.capLast(sev)
}

// ReportOpAtMost is ReportOp with at most severity sev.
func (p *Pass) ReportOpAtMost(sev reports.Severity, m *ir.Method, op *ir.Op, format string, args ...any) {
	p.ReportOp(m, op, format, args...)
	p.capLast(sev)
}

// FixLast replaces the fix hint of the finding just reported with one chosen for its situation
// (a field that only needs `final`, a one-shot thread), instead of the rule's general advice.
func (p *Pass) FixLast(text string) {
	if n := len(p.run.findings); n > 0 {
		p.run.findings[n-1].Fix = text
	}
}

func (p *Pass) capLast(sev reports.Severity) {
	if n := len(p.run.findings); n > 0 && p.run.findings[n-1].Severity > sev {
		p.run.findings[n-1].Severity = sev
	}
}

// ReportMethod reports a finding at a method declaration.
func (p *Pass) ReportMethod(m *ir.Method, format string, args ...any) {
	p.run.add(p.finding(m.Desc(), m.Line, m.Col, "method "+m.Name, fmt.Sprintf(format, args...)))
}

// ReportClass reports a finding at a class declaration.
func (p *Pass) ReportClass(c *ir.Class, format string, args ...any) {
	p.run.add(p.finding(c.Name, c.Line, 0, "class "+c.Name, fmt.Sprintf(format, args...)))
}

// DeferOp reports a finding at an op at the end of the scan, unless some file in the code base
// exported one of the fact keys (e.g. "call:java.sql.DriverManager#deregisterDriver").
func (p *Pass) DeferOp(m *ir.Method, op *ir.Op, unlessFacts []string, format string, args ...any) {
	f := p.finding(m.Desc(), op.Line, op.Col, snippetOf(p.File, op), fmt.Sprintf(format, args...))
	p.run.eng.deferFinding(deferred{f: f, unless: unlessFacts, path: p.File.Path})
}

// JudgeLast hands the finding just reported to the whole program for a verdict at the end of the
// scan: judge returns false to drop it and may rewrite it (severity, message, fix). The rule's
// Check must set Judges. Without whole-program facts the finding stands as reported.
func (p *Pass) JudgeLast(judge func(prog *program.Program, f *reports.Finding) bool) {
	n := len(p.run.findings)
	if n == 0 {
		return
	}
	f := p.run.findings[n-1]
	p.run.findings = p.run.findings[:n-1]
	p.run.eng.deferFinding(deferred{f: f, path: p.File.Path, judge: judge})
}

// ExportFact records that the code base has a property other files' findings may depend on.
func (p *Pass) ExportFact(key string) { p.run.eng.exportFact(key) }

func (p *Pass) finding(symbol string, line, col int, snippet, msg string) reports.Finding {
	return p.Meta.NewFinding(p.Side, reports.Location{Path: p.File.Path, Line: line, Col: col, Symbol: symbol, Artifact: p.File.Artifact}, msg, snippet)
}

func snippetOf(f *ir.File, op *ir.Op) string {
	if op.Text != "" && f.Frontend == ir.Source {
		return op.Kind.String() + " " + op.Text
	}
	return op.Kind.String() + " " + op.Owner + "." + op.Name
}
