package rules

import (
	"fmt"
	"runtime/debug"

	"github.com/kompat/kompat/reports"
	"github.com/kompat/kompat/rules/program"
)

// ProgramPass is one rule applied to the whole program after every file has been summarized.
type ProgramPass struct {
	Program *program.Program
	Meta    *Meta
	eng     *Engine
}

// Report reports a finding at a site the program analysis found, naming the path in the message
// and the callees as related locations. Findings from the program phase are medium confidence at
// most: class-hierarchy analysis over-approximates virtual calls.
func (pp *ProgramPass) Report(s program.Site, format string, args ...any) {
	pp.report(s, reports.SeverityCritical, "", format, args...)
}

// ReportAtMost is Report with the finding's severity capped at sev (a lesser form of the rule's
// problem, or one the analysis is unsure of).
func (pp *ProgramPass) ReportAtMost(sev reports.Severity, s program.Site, format string, args ...any) {
	pp.report(s, sev, "", format, args...)
}

// ReportLesser is ReportAtMost with fix text for the lesser form in place of the rule's.
func (pp *ProgramPass) ReportLesser(sev reports.Severity, fix string, s program.Site, format string, args ...any) {
	pp.report(s, sev, fix, format, args...)
}

func (pp *ProgramPass) report(s program.Site, most reports.Severity, fix, format string, args ...any) {
	side := Side(s.File.Side)
	f := pp.Meta.NewFinding(side, reports.Location{Path: s.File.Path, Line: s.Line, Col: s.Col, Symbol: s.Symbol, Artifact: s.File.Artifact},
		fmt.Sprintf(format, args...), "path "+s.Path())
	f.Severity = min(f.Severity, most)
	f.Confidence = min(f.Confidence, reports.ConfidenceMedium)
	f.Evidence = []string{"path: " + s.Path()}
	if fix != "" {
		f.Fix = fix
	}
	for _, h := range s.Rel {
		f.Related = append(f.Related, reports.Location{Path: h.Path, Line: h.Line, Symbol: h.Symbol})
	}
	pp.eng.deferFinding(deferred{f: f, path: s.File.Path})
}

// runProgram runs the program phase of the rules that have one; a rule that panics is skipped
// (its per-file part has already run).
func (e *Engine) runProgram() {
	if e.prog == nil {
		return
	}
	for _, m := range e.progRule {
		pp := &ProgramPass{Program: e.prog, Meta: m, eng: e}
		func() {
			defer func() {
				if r := recover(); r != nil {
					e.progErrs = append(e.progErrs, fmt.Sprintf("rule %s failed in the program phase: %v\n%s", m.ID, r, debug.Stack()))
				}
			}()
			CheckFor(m.ID).Program(pp)
		}()
	}
}

// ProgramErrors returns the failures of program-phase rules, for notices.
func (e *Engine) ProgramErrors() []string { return e.progErrs }
