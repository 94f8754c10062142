package rules

import (
	"fmt"
	"runtime/debug"
	"strconv"
	"sync"

	"github.com/kompat/kompat/reports"
	"github.com/kompat/kompat/rules/analysis"
	"github.com/kompat/kompat/rules/ir"
	"github.com/kompat/kompat/rules/program"
)

// Engine runs a set of enabled rules over files. RunFile is safe for concurrent use; Finish is
// called once after every file has been run.
type Engine struct {
	rules    []*Meta
	runs     []func(*Pass)        // per rule, its Go check's Run or nil (looked up once: the registry takes a lock)
	archive  []*Meta              // rules with an archive pass (frontend "archive")
	autoKeys map[string]memberKey // fact keys exported automatically when a file makes the call

	mu      sync.Mutex
	facts   map[string]bool
	pending []deferred

	// whole-program phase: the compact summaries of every file, for the rules with a Program hook
	prog     *program.Program
	progRule []*Meta
	progErrs []string
}

type deferred struct {
	f      reports.Finding
	unless []string
	path   string
	// judge, when set, decides the finding once the whole program is known: false drops it; it
	// may rewrite it (a lower severity, a message naming what it found)
	judge func(*program.Program, *reports.Finding) bool
}

// NewEngine prepares the enabled code rules.
func NewEngine(enabled []*Meta) *Engine {
	e := &Engine{autoKeys: map[string]memberKey{}, facts: map[string]bool{}}
	judges := false // a rule hands findings to the whole program (Check.Judges)
	for _, m := range enabled {
		c := CheckFor(m.ID)
		if c != nil && c.Archive != nil && m.Runs(FrontArchive) {
			e.archive = append(e.archive, m)
		}
		if !m.Static() || m.Match == nil && c == nil {
			continue
		}
		e.rules = append(e.rules, m)
		var run func(*Pass)
		if c != nil {
			run = c.Run
		}
		e.runs = append(e.runs, run)
		if c != nil && c.Program != nil {
			e.progRule = append(e.progRule, m)
		} else if c != nil && c.Judges {
			judges = true
		}
		if m.Match != nil {
			if m.Match.ExceptKnownName {
				judges = true // a constant name is judged by what the whole program links against
			}
			for _, u := range unlessCalls(m.Match.Unless) {
				e.autoKeys["call:"+u.key()] = memberKey{u.Owner, u.Name}
			}
		}
	}
	if len(e.progRule) > 0 || judges {
		e.prog = program.New()
	}
	return e
}

// Rules returns the code rules the engine runs.
func (e *Engine) Rules() []*Meta { return e.rules }

type fileRun struct {
	eng       *Engine
	findings  []reports.Finding
	destroy   map[*ir.Class][]*ir.Method // DestroyPath per class, shared by the file's rules
	destroyIx *analysis.DestroyIndex     // the file's methods by owner and name, for destroy
}

func (r *fileRun) add(f reports.Finding) { r.findings = append(r.findings, f) }

// RunFile runs every rule that supports the file's frontend. A rule that panics is reported as
// an error notice for that file and the other rules still run.
func (e *Engine) RunFile(f *ir.File, side Side) ([]reports.Finding, []reports.Notice) {
	idx := newIndex(f)
	for k, mk := range e.autoKeys {
		if len(idx.calls[mk]) > 0 {
			e.exportFact(k)
		}
	}
	run := &fileRun{eng: e}
	var notices []reports.Notice
	front := f.Frontend.String()
	for i, m := range e.rules {
		if !m.Runs(front) {
			continue
		}
		p := &Pass{File: f, Side: side, Meta: m, idx: idx, run: run}
		if err := runOne(p, e.runs[i]); err != nil {
			notices = append(notices, reports.Notice{Code: "KP9003", Level: reports.NoticeError, Path: f.Path,
				Message: fmt.Sprintf("rule %s failed on this file: %v", m.ID, err)})
		}
	}
	idx.release()
	if e.prog != nil {
		// phase one ends here for this file: its summary is all the program phase keeps
		e.prog.Add(e.prog.Summarize(f, uint8(side)))
	}
	return run.findings, notices
}

func runOne(p *Pass, check func(*Pass)) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v\n%s", r, debug.Stack())
		}
	}()
	if p.Meta.Match != nil {
		runMatch(p)
	}
	if check != nil {
		check(p)
	}
	return nil
}

func (e *Engine) exportFact(k string) {
	e.mu.Lock()
	e.facts[k] = true
	e.mu.Unlock()
}

func (e *Engine) deferFinding(d deferred) {
	e.mu.Lock()
	e.pending = append(e.pending, d)
	e.mu.Unlock()
}

// Finish returns the deferred findings whose release partner never showed up in the code base,
// with the path of the file each belongs to.
func (e *Engine) Finish() []Deferred {
	e.runProgram()
	e.mu.Lock()
	defer e.mu.Unlock()
	defer func() { e.prog = nil }() // the summaries are not needed any more
	var out []Deferred
	seen := map[string]bool{}
	for _, d := range e.pending {
		// javac copies an instance field's initializer into every constructor: one finding per site.
		key := d.f.Fingerprint + "|" + d.f.Location.Path + "|" + strconv.Itoa(d.f.Location.Line)
		if seen[key] {
			continue
		}
		seen[key] = true
		paired := false
		for _, k := range d.unless {
			if e.facts[k] {
				paired = true
				break
			}
		}
		if paired {
			continue
		}
		f := d.f
		if d.judge != nil && e.prog != nil {
			var keep bool
			if f, keep = e.judge(d); !keep {
				continue
			}
		}
		out = append(out, Deferred{Finding: f, Path: d.path})
	}
	e.pending = nil
	return out
}

// judge runs a finding's whole-program verdict; a judge that panics keeps the finding as it was.
func (e *Engine) judge(d deferred) (out reports.Finding, keep bool) {
	f := d.f
	defer func() {
		if r := recover(); r != nil {
			e.progErrs = append(e.progErrs, fmt.Sprintf("rule %s failed judging a finding: %v\n%s", d.f.RuleID, r, debug.Stack()))
			out, keep = d.f, true
		}
	}()
	e.prog.Solve()
	if !d.judge(e.prog, &f) {
		return d.f, false
	}
	return f, true
}

// Deferred is a finding decided at the end of the scan, with the path of its file (whose
// suppressions still apply).
type Deferred struct {
	Finding reports.Finding
	Path    string
}
