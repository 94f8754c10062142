package rules

import (
	"fmt"
	"strings"

	"github.com/kompat/kompat/reports"
	"github.com/kompat/kompat/rules/ir"
)

// Site is an op in a method.
type Site struct {
	Method *ir.Method
	Op     *ir.Op
}

// Index gives rules O(1) access to what a file does; it is built once per file and shared.
type Index struct {
	calls   map[string][]Site // "Owner#name" (calls and news) -> sites
	byName  map[string][]Site // "name" -> call sites with any owner
	onField map[string][]Site // "Owner.field" -> ops whose receiver is that field, and puts/gets
}

func newIndex(f *ir.File) *Index {
	ix := &Index{calls: map[string][]Site{}, byName: map[string][]Site{}, onField: map[string][]Site{}}
	for _, c := range f.Classes {
		for _, m := range c.Methods {
			for _, op := range m.Ops {
				s := Site{m, op}
				switch op.Kind {
				case ir.OpCall, ir.OpNew:
					ix.calls[op.Owner+"#"+op.Name] = append(ix.calls[op.Owner+"#"+op.Name], s)
					ix.byName[op.Name] = append(ix.byName[op.Name], s)
					if op.Recv.Kind == ir.ValField {
						k := op.Recv.Owner + "." + op.Recv.Name
						ix.onField[k] = append(ix.onField[k], s)
					}
				case ir.OpGetStatic, ir.OpPutStatic, ir.OpGetField, ir.OpPutField:
					k := op.Owner + "." + op.Name
					ix.onField[k] = append(ix.onField[k], s)
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
func (p *Pass) Calls(owner, name string) []Site { return p.idx.calls[owner+"#"+name] }

// CallsNamed returns call sites of a method name on any owner (for unresolved receivers).
func (p *Pass) CallsNamed(name string) []Site { return p.idx.byName[name] }

// FieldUses returns the ops that read, write or call through a field (owner is the declaring class).
func (p *Pass) FieldUses(owner, field string) []Site { return p.idx.onField[owner+"."+field] }

// ReportOp reports a finding at an op.
func (p *Pass) ReportOp(m *ir.Method, op *ir.Op, format string, args ...any) {
	p.run.add(p.finding(m.Desc(), op.Line, op.Col, snippetOf(p.File, op), fmt.Sprintf(format, args...)))
}

// ReportField reports a finding at a field declaration.
func (p *Pass) ReportField(f *ir.Field, format string, args ...any) {
	p.run.add(p.finding(f.Class.Name+"."+f.Name, f.Line, f.Col, "field "+f.Name+" "+f.Type.String(), fmt.Sprintf(format, args...)))
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
	p.run.eng.deferFinding(f, unlessFacts, p.File.Path)
}

// ExportFact records that the code base has a property other files' findings may depend on.
func (p *Pass) ExportFact(key string) { p.run.eng.exportFact(key) }

func (p *Pass) finding(symbol string, line, col int, snippet, msg string) reports.Finding {
	f := reports.Finding{
		RuleID: p.Meta.ID, Slug: p.Meta.Slug, Family: p.Meta.Family,
		Severity: p.Meta.SeverityFor(p.Side), Confidence: p.Meta.Confidence,
		Message:  msg,
		Location: reports.Location{Path: p.File.Path, Line: line, Col: col, Symbol: symbol, Artifact: p.File.Artifact},
		Fix:      firstLine(p.Meta.Fix.Text),
		Snippet:  snippet,
	}
	f.ComputeFingerprint()
	return f
}

func snippetOf(f *ir.File, op *ir.Op) string {
	if op.Text != "" && f.Frontend == ir.Source {
		return op.Kind.String() + " " + op.Text
	}
	return op.Kind.String() + " " + op.Owner + "." + op.Name
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, "\n\n"); i >= 0 {
		s = s[:i]
	}
	return strings.Join(strings.Fields(s), " ")
}
