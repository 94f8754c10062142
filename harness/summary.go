package harness

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/kompat/kompat/reports"
)

// summarize puts one summary notice for the scenario and one per module in Result.Summary.
func (r *runner) summarize(res *result) {
	counted, expected := map[string][]string{}, map[string][]string{} // identity ("" for none) -> rule IDs
	for _, f := range res.Findings {
		if f.Counts() {
			counted[f.Location.Symbol] = append(counted[f.Location.Symbol], f.RuleID)
		} else {
			expected[f.Location.Symbol] = append(expected[f.Location.Symbol], f.RuleID)
		}
	}
	nCounted, nExpected, nStale := 0, 0, 0
	for _, v := range r.stale {
		nStale += len(v)
	}
	for _, v := range counted {
		nCounted += len(v)
	}
	for _, v := range expected {
		nExpected += len(v)
	}
	var cycleDur []time.Duration
	for _, st := range r.stats {
		cycleDur = append(cycleDur, st.Ops+st.Probes)
	}
	verdict := "pass"
	switch {
	case r.aborted != "":
		verdict = "stopped early (" + r.aborted + ")"
		if len(res.Untested) > 0 {
			verdict += fmt.Sprintf(", %d module(s) not tested in every cycle", len(res.Untested))
		}
	case len(res.Untested) > 0:
		verdict = fmt.Sprintf("incomplete (%d module(s) not tested in every cycle)", len(res.Untested))
	case nCounted > 0 || nStale > 0:
		verdict = "fail"
	}
	mode := fmt.Sprintf("sequential installs in order %s", joinIDs(r.seq))
	switch {
	case r.batch:
		mode = "batchInstallBiz"
	case r.sc.Concurrency > 1:
		mode = fmt.Sprintf("up to %d installs at once", r.sc.Concurrency)
	}
	staleText := ""
	if nStale > 0 {
		staleText = fmt.Sprintf(", %d expected in vain", nStale)
	}
	line := fmt.Sprintf("scenario %s: %s: %d module(s), %d/%d cycle(s) on the %s runtime, %s; %d verdict(s) counted, %d expected%s; base ready in %s, cycle p50 %s",
		r.sc.Name, verdict, len(r.mods), len(r.stats), r.sc.Cycles, r.sc.Runtime, mode, nCounted, nExpected, staleText,
		r.started.Round(time.Millisecond), p50(cycleDur))
	res.Summary = append(res.Summary, reports.Notice{Code: NoticeSummary, Level: reports.NoticeInfo, Path: r.sc.Name, Message: line})
	for _, m := range r.mods {
		id := m.identity()
		state := "ok"
		switch {
		case len(counted[id]) > 0:
			state = "FAIL " + strings.Join(dedupe(counted[id]), ",")
		case len(expected[id]) > 0:
			state = "expected " + strings.Join(dedupe(expected[id]), ",")
		}
		if len(r.stale[m]) > 0 {
			state += "; STALE expectation " + strings.Join(r.stale[m], ",")
		}
		if m.dead {
			state += ", stopped cycling"
		}
		if m.cycles < r.sc.Cycles {
			state += fmt.Sprintf("; NOT TESTED in %d of %d cycle(s)", r.sc.Cycles-m.cycles, r.sc.Cycles)
		}
		line := fmt.Sprintf("scenario %s: module %s: %s; %d/%d cycle(s), %d verdict(s) counted, %d expected; install p50 %s max %s, uninstall p50 %s",
			r.sc.Name, id, state, m.cycles, len(r.stats), len(counted[id]), len(expected[id]),
			p50(m.installs), maxDur(m.installs), p50(m.uninstall))
		res.Summary = append(res.Summary, reports.Notice{Code: NoticeSummary, Level: reports.NoticeInfo, Path: m.jar.Path, Message: line})
	}
}

func joinIDs(mods []*modState) string {
	ids := make([]string, len(mods))
	for i, m := range mods {
		ids[i] = m.identity()
	}
	return strings.Join(ids, ", ")
}

func dedupe(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	sort.Strings(out)
	return out
}

// p50 is the lower median, "-" for none.
func p50(d []time.Duration) string {
	if len(d) == 0 {
		return "-"
	}
	s := append([]time.Duration{}, d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[(len(s)-1)/2].Round(time.Millisecond).String()
}

func maxDur(d []time.Duration) string {
	if len(d) == 0 {
		return "-"
	}
	m := d[0]
	for _, x := range d {
		m = max(m, x)
	}
	return m.Round(time.Millisecond).String()
}

func joinInts(v []int) string {
	sort.Ints(v)
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = fmt.Sprint(x)
	}
	return strings.Join(s, ", ")
}
