package harness

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kompat/kompat/harness/arklet"
	"github.com/kompat/kompat/reports"
	"github.com/kompat/kompat/rules"
)

// add records a finding once per rule and module; later cycles only add their number. It returns
// the recorded finding.
func (r *runner) add(rule *rules.Meta, m *modState, cycle int, msg string, evidence ...string) *reports.Finding {
	path, sym := r.sc.Name, ""
	if m != nil {
		path, sym = m.jar.Path, m.identity()
	}
	key := rule.ID + "|" + path + "|" + sym
	if p, ok := r.found[key]; ok {
		if cycle > 0 && (len(p.cycles) == 0 || p.cycles[len(p.cycles)-1] != cycle) {
			p.cycles = append(p.cycles, cycle)
		}
		return &p.f
	}
	f := rule.NewFinding(rules.SideModule, reports.Location{Path: path, Symbol: sym}, msg, strings.TrimSpace(sym+" "+rule.Slug))
	f.Evidence = evidence
	p := &pending{f: f}
	if cycle > 0 {
		p.cycles = []int{cycle}
	}
	r.found[key] = p
	r.order = append(r.order, key)
	return &p.f
}

// update is add for a verdict whose message and evidence describe the latest cycle: a repeat
// replaces them instead of keeping the first cycle's. It returns the finding to amend.
func (r *runner) update(rule *rules.Meta, m *modState, cycle int, msg string, evidence ...string) *reports.Finding {
	f := r.add(rule, m, cycle, msg, evidence...)
	f.Message, f.Evidence = msg, evidence
	return f
}

func (r *runner) baseExited() bool {
	select {
	case <-r.base.Exited():
		return true
	default:
		return false
	}
}

// opFailed turns a failed install or uninstall into findings; it returns true when the run must stop.
func (r *runner) opFailed(ctx context.Context, m *modState, cycle int, op string, err error, timeout time.Duration) bool {
	var ce *arklet.CommandError
	if !errors.As(err, &ce) && !errors.Is(err, arklet.ErrTimeout) {
		// A broken connection: give the runtime a moment to notice that the JVM is gone.
		select {
		case <-r.base.Exited():
		case <-time.After(2 * time.Second):
		case <-ctx.Done():
		}
	}
	if r.baseExited() {
		r.add(ruleBaseDied, m, cycle, fmt.Sprintf("the base JVM exited during %s of %s (%s)", op, m.identity(), exitStatus(r.base)),
			append([]string{"base " + exitStatus(r.base), "error: " + err.Error()}, failureLogs(ctx, r.base)...)...)
		r.aborted = "base exited"
		return true
	}
	if errors.Is(err, arklet.ErrTimeout) {
		ev := []string{fmt.Sprintf("%s got no answer within %s", op, timeout)}
		if th, terr := r.threadDump(ctx); terr == nil {
			for _, t := range th {
				if hasModuleFrame(t, m) {
					ev = append(ev, fmt.Sprintf("thread %q %s: %s", t.Name, t.State, t.TopFrames(5)))
				}
			}
		}
		ev = append(ev, failureLogs(ctx, r.base)...)
		r.add(ruleTimedOut, m, cycle, fmt.Sprintf("%s of %s did not finish within %s; the base is left with a blocked worker, so the run stops", op, m.identity(), timeout), ev...)
		r.aborted = op + " of " + m.identity() + " timed out"
		return true
	}
	ev := []string{"error: " + err.Error()}
	if errors.As(err, &ce) && ce.ErrorStackTrace != "" {
		ev = append(ev, "stack: "+firstLines(ce.ErrorStackTrace, 6))
	}
	ev = append(ev, failureLogs(ctx, r.base)...)
	switch {
	case op == "uninstall":
		r.add(ruleUninstallFailed, m, cycle, fmt.Sprintf("uninstall of %s failed: %s", m.identity(), shortErr(err)), ev...)
	case m.everOK:
		r.add(ruleReinstallFailed, m, cycle, fmt.Sprintf("%s installed before but does not install again after its uninstall: %s", m.identity(), shortErr(err)), ev...)
	default:
		r.add(ruleInstallFailed, m, cycle, fmt.Sprintf("install of %s failed: %s", m.identity(), shortErr(err)), ev...)
	}
	return false
}

// Notice codes of a verify run (family 9: the tool about its own work).
const (
	// NoticeSummary is the info notice that sums up a scenario and each of its modules.
	NoticeSummary = "KP9802"
	// NoticeExpectationStale is the error notice for an expected verdict that did not occur.
	NoticeExpectationStale = "KP9803"
	// noticeBatchUnavailable is the info notice for batch: true on a base without batchInstallBiz.
	noticeBatchUnavailable = "KP9804"
	// NoticeUntested is the warning for a module that did not run every cycle of its scenario.
	NoticeUntested = "KP9807"
	// noticeCheckNotRun is the warning for a lifecycle check that could not run in some cycle
	// (queryAllBiz or the biz dir listing failed): its verdict is missing, not a pass.
	noticeCheckNotRun = "KP9809"
)

// checkNotRun is one check that could not run: the cycles and the first error.
type checkNotRun struct {
	notice int // index in runner.notices
	cycles []int
	err    string
}

// checkFailed records that a check could not run in cycle c: one warning notice per check,
// naming every cycle it missed and the first error.
func (r *runner) checkFailed(check string, c int, err error) {
	r.progressf("cycle %d: %s could not run: %s", c, check, shortErr(err))
	if r.notRun == nil {
		r.notRun = map[string]*checkNotRun{}
	}
	cn := r.notRun[check]
	if cn == nil {
		cn = &checkNotRun{notice: len(r.notices), err: shortErr(err)}
		r.notRun[check] = cn
		r.notices = append(r.notices, reports.Notice{Code: noticeCheckNotRun, Level: reports.NoticeWarning, Path: r.sc.Name})
	}
	cn.cycles = append(cn.cycles, c)
	r.notices[cn.notice].Message = fmt.Sprintf("scenario %s: the %s could not run in cycle(s) %s, so its verdict is missing: %s",
		r.sc.Name, check, joinInts(cn.cycles), cn.err)
}

// applyExpectations suppresses the verdicts each module is expected to produce (kind "external",
// with the reason) and reports every expected verdict that did not occur. A verdict that names
// no module is expected when every module of the scenario expects it.
func (r *runner) applyExpectations(res *result) {
	occurred := map[*modState]map[string]bool{}
	r.stale = map[*modState][]string{}
	mark := func(m *modState, rule string) {
		if occurred[m] == nil {
			occurred[m] = map[string]bool{}
		}
		occurred[m][rule] = true
	}
	for i := range res.Findings {
		f := &res.Findings[i]
		var owners []*modState
		if f.Location.Symbol != "" {
			if m := r.modByIdentity(f.Location.Symbol); m != nil && m.cfg.expects(f.RuleID) {
				owners = []*modState{m}
			}
		} else {
			owners = r.mods
			for _, m := range r.mods {
				if !m.cfg.expects(f.RuleID) {
					owners = nil
					break
				}
			}
		}
		if len(owners) == 0 {
			continue
		}
		var ids []string
		for _, m := range owners {
			mark(m, f.RuleID)
			ids = append(ids, m.identity())
		}
		f.Suppression = &reports.Suppression{Kind: "external", Reason: owners[0].cfg.Expect.Reason,
			Where: fmt.Sprintf("scenario %s: expect.fail of %s", r.sc.Name, strings.Join(ids, ", "))}
	}
	for _, m := range r.mods {
		if m.cfg.Expect == nil {
			continue
		}
		for _, rule := range m.cfg.Expect.Fail {
			if occurred[m][rule] {
				continue
			}
			r.stale[m] = append(r.stale[m], rule)
			n := reports.Notice{Code: NoticeExpectationStale, Level: reports.NoticeError, Path: m.jar.Path,
				Message: fmt.Sprintf("scenario %s: module %s: expected %s did not occur (expected because: %s); remove it from expect.fail if the module is fixed",
					r.sc.Name, m.identity(), rule, m.cfg.Expect.Reason)}
			if r.aborted != "" {
				// The run stopped early: the verdict may simply not have had its chance.
				n.Level = reports.NoticeWarning
				n.Message += " (not conclusive: the run stopped early, " + r.aborted + ")"
			}
			res.Notices = append(res.Notices, n)
		}
	}
}

// untested lists the modules that did not install in every cycle of the scenario, each with a
// warning notice: what was never tested did not pass.
func (r *runner) untested(res *result) {
	for _, m := range r.mods {
		if m.cycles >= r.sc.Cycles {
			continue
		}
		res.Untested = append(res.Untested, m.identity())
		why := "it stopped cycling after a failed install or uninstall"
		switch {
		case r.aborted != "" && !m.dead:
			why = "the run stopped early: " + r.aborted
		case r.aborted != "":
			why += "; the run stopped early: " + r.aborted
		}
		what := fmt.Sprintf("ran %d of %d cycle(s)", m.cycles, r.sc.Cycles)
		if m.cycles == 0 {
			what = fmt.Sprintf("was never tested (0 of %d cycle(s))", r.sc.Cycles)
		}
		res.Notices = append(res.Notices, reports.Notice{Code: NoticeUntested, Level: reports.NoticeWarning, Path: m.jar.Path,
			Message: fmt.Sprintf("scenario %s: module %s %s because %s; the scenario is not a pass", r.sc.Name, m.identity(), what, why)})
	}
}

// exitStatus is how the base ended, for messages.
func exitStatus(b base) string {
	if s := b.ExitStatus(); s != "" {
		return s
	}
	return "exit status unknown"
}
