package rules

import (
	"strings"
	"testing"

	"github.com/kompat/kompat/reports"
	"github.com/kompat/kompat/rules/program"
)

// A finding handed to the whole program is kept, dropped or rewritten by its judge; a judge that
// panics keeps the finding as reported and says so in the program errors.
func TestJudgedFindings(t *testing.T) {
	e := NewEngine(nil)
	e.prog = program.New()
	mk := func(id string) reports.Finding {
		return reports.Finding{RuleID: id, Severity: reports.SeverityHigh, Fingerprint: id, Location: reports.Location{Path: "A.java", Line: 1}}
	}
	e.pending = []deferred{
		{f: mk("KEEP"), path: "A.java", judge: func(*program.Program, *reports.Finding) bool { return true }},
		{f: mk("DROP"), path: "A.java", judge: func(*program.Program, *reports.Finding) bool { return false }},
		{f: mk("LOWER"), path: "A.java", judge: func(_ *program.Program, f *reports.Finding) bool {
			f.Severity = reports.SeverityLow
			return true
		}},
		{f: mk("PANIC"), path: "A.java", judge: func(*program.Program, *reports.Finding) bool { panic("boom") }},
		{f: mk("PLAIN"), path: "A.java"},
	}
	got := map[string]reports.Severity{}
	for _, d := range e.Finish() {
		got[d.Finding.RuleID] = d.Finding.Severity
	}
	want := map[string]reports.Severity{"KEEP": reports.SeverityHigh, "LOWER": reports.SeverityLow, "PANIC": reports.SeverityHigh, "PLAIN": reports.SeverityHigh}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for id, sev := range want {
		if got[id] != sev {
			t.Errorf("%s: severity %v, want %v (all: %v)", id, got[id], sev, got)
		}
	}
	if errs := e.ProgramErrors(); len(errs) != 1 || !strings.Contains(errs[0], "PANIC") || !strings.Contains(errs[0], "boom") {
		t.Errorf("program errors %q, want one naming the panicking judge", errs)
	}
	if e.prog != nil {
		t.Error("the summaries are kept after Finish")
	}
}
