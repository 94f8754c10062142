package harness

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/kompat/kompat/reports"
)

// NoticeScenarioFailed is the error notice for a scenario of several that could not run at all
// (KP9801-KP9807 and KP9809 are the runner's own notices).
const NoticeScenarioFailed = "KP9808"

// VerifyConfig is the verify stage: scenarios run one after another, each on its runtime.
type VerifyConfig struct {
	Scenarios []*Scenario // normalized
	Runtimes  []Runtime   // one per scenario
	// Progress receives the runner's per-cycle progress; Log the stage's own lines (which scenario
	// runs, one that stopped early). Nil for none.
	Progress, Log io.Writer
	Version       string
}

// Verify runs every scenario and returns one report: the findings, runs, rules and notices of all
// of them (the KP9802 summaries included). With several scenarios, one that cannot run is a
// KP9808 error notice and the others still run; with one, or when ctx is cancelled, its error is
// the error.
func Verify(ctx context.Context, cfg VerifyConfig) (*reports.Report, error) {
	start := time.Now()
	rep := reports.New("verify", cfg.Version)
	seenInput, seenRule := map[string]bool{}, map[string]bool{}
	input := func(p string) {
		if p != "" && !seenInput[p] {
			seenInput[p] = true
			rep.Inputs = append(rep.Inputs, p)
		}
	}
	logf := func(format string, a ...any) {
		if cfg.Log != nil {
			fmt.Fprintf(cfg.Log, "kompat verify: "+format+"\n", a...)
		}
	}
	scs := cfg.Scenarios
	for i, sc := range scs {
		if len(scs) > 1 {
			logf("scenario %d/%d: %s", i+1, len(scs), reports.Sanitize(sc.Name))
		}
		input(sc.Base.Jar)
		for _, m := range sc.Modules {
			input(m.Jar)
		}
		res, err := run(ctx, sc, options{Runtime: cfg.Runtimes[i], Progress: cfg.Progress})
		if err != nil {
			if len(scs) == 1 || ctx.Err() != nil {
				return nil, err
			}
			logf("scenario %s: %v", reports.Sanitize(sc.Name), reports.Sanitize(fmt.Sprint(err)))
			rep.Notices = append(rep.Notices, reports.Notice{Code: NoticeScenarioFailed, Level: reports.NoticeError, Path: sc.Name,
				Message: fmt.Sprintf("scenario %s could not run: %v", sc.Name, err)})
			continue
		}
		rep.Findings = append(rep.Findings, res.Findings...)
		rep.Runs = append(rep.Runs, res.ReportRun(sc))
		for _, ri := range res.Rules {
			if !seenRule[ri.ID] {
				seenRule[ri.ID] = true
				rep.Rules = append(rep.Rules, ri)
			}
		}
		rep.Notices = append(rep.Notices, res.Notices...)
		rep.Notices = append(rep.Notices, res.Summary...)
		if res.Aborted != "" {
			logf("scenario %s stopped early: %s", reports.Sanitize(sc.Name), reports.Sanitize(res.Aborted))
		}
	}
	rep.Stats.Files = len(rep.Inputs)
	rep.Stats.DurationMS = time.Since(start).Milliseconds()
	return rep, nil
}

// UntestedModules lists, as "scenario: name:version", the modules of a verify report that did not
// run every cycle (its KP9807 notices, whose message the runner writes as "scenario S: module M ...").
func UntestedModules(rep *reports.Report) []string {
	var out []string
	for _, n := range rep.Notices {
		if n.Code != NoticeUntested {
			continue
		}
		rest, ok := strings.CutPrefix(n.Message, "scenario ")
		sc, mod, ok2 := strings.Cut(rest, ": module ")
		if !ok || !ok2 {
			continue
		}
		id, _, _ := strings.Cut(mod, " ")
		out = append(out, sc+": "+id)
	}
	return out
}
