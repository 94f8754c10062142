//go:build linux

package harness

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kompat/kompat/harness/arklet"
	"github.com/kompat/kompat/harness/fixtures"
	"github.com/kompat/kompat/reports"
)

// exampleScenarios loads a file of testdata/harness/scenarios with ${KOMPAT_FIXTURES} pointing at
// the built fixtures (no process environment involved, so tests stay parallel).
func exampleScenarios(t *testing.T, b *fixtures.Built, name string) []*Scenario {
	t.Helper()
	src, err := fixtures.SourceDir()
	if err != nil {
		t.Fatal(err)
	}
	scs, err := loadScenarios(filepath.Join(src, "scenarios", name), func(k string) (string, bool) {
		if k == "KOMPAT_FIXTURES" {
			return b.Dir, true
		}
		return "", false
	})
	if err != nil {
		t.Fatal(err)
	}
	return scs
}

// arkletCall is one request the proxy saw.
type arkletCall struct {
	cmd        string
	biz        []string // bizName of the request, or of every batch item
	start, end time.Time
}

// proxyRuntime starts process bases and puts a recording proxy in front of each one's arklet:
// the harness only ever sees the proxy. It checks arklet's concurrency rules on every request:
// health is never called while any other call is in flight (nor the reverse), and no two calls
// touch the same biz at once. Before a base stops, the proxy keeps its kompatOpStats answer (the
// reference base's own count of calls in flight at once).
type proxyRuntime struct {
	tr trackingRuntime

	mu          sync.Mutex
	calls       []arkletCall
	inflight    []*arkletCall
	maxInflight map[string]int
	violations  []string
	opStats     opStats
}

// opStats is the reference base's kompatOpStats answer.
type opStats struct {
	MaxInFlight map[string]int `json:"maxInFlight"`
	GateOpened  map[string]int `json:"gateOpened"`
}

func (p *proxyRuntime) Name() string { return "process" }

type proxyBase struct {
	base
	srv *httptest.Server
	p   *proxyRuntime
}

func (b *proxyBase) ArkletURL() string { return b.srv.URL }

func (b *proxyBase) Stop(ctx context.Context) error {
	cl := arklet.New(b.base.ArkletURL())
	if resp, err := cl.Do(ctx, "kompatOpStats", nil, 10*time.Second); err == nil && resp.OK() {
		var st opStats
		if json.Unmarshal(resp.Data, &st) == nil {
			b.p.mu.Lock()
			b.p.opStats = st
			b.p.mu.Unlock()
		}
	}
	b.srv.CloseClientConnections()
	b.srv.Close()
	return b.base.Stop(ctx)
}

func (p *proxyRuntime) Start(ctx context.Context, spec baseSpec) (base, error) {
	b, err := p.tr.Start(ctx, spec)
	if b == nil {
		return nil, err
	}
	target := b.ArkletURL()
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true, Proxy: nil}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		call := &arkletCall{cmd: strings.TrimPrefix(r.URL.Path, "/"), start: time.Now()}
		var in struct {
			BizName string `json:"bizName"`
			BizList []struct {
				BizName string `json:"bizName"`
			} `json:"bizList"`
		}
		_ = json.Unmarshal(body, &in)
		if in.BizName != "" {
			call.biz = append(call.biz, in.BizName)
		}
		for _, it := range in.BizList {
			call.biz = append(call.biz, it.BizName)
		}
		p.enter(call)
		defer p.leave(call)
		resp, err := hc.Post(target+r.URL.Path, "application/json", bytes.NewReader(body))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		w.WriteHeader(resp.StatusCode)
		io.Copy(w, resp.Body)
	}))
	return &proxyBase{base: b, srv: srv, p: p}, err
}

func (p *proxyRuntime) enter(c *arkletCall) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, o := range p.inflight {
		if c.cmd == "health" || o.cmd == "health" {
			p.violations = append(p.violations, fmt.Sprintf("%s while %s is in flight", c.cmd, o.cmd))
		}
		for _, n := range c.biz {
			if slices.Contains(o.biz, n) {
				p.violations = append(p.violations, fmt.Sprintf("%s of %s while %s of it is in flight", c.cmd, n, o.cmd))
			}
		}
	}
	p.inflight = append(p.inflight, c)
	n := 0
	for _, o := range p.inflight {
		if o.cmd == c.cmd {
			n++
		}
	}
	if p.maxInflight == nil {
		p.maxInflight = map[string]int{}
	}
	p.maxInflight[c.cmd] = max(p.maxInflight[c.cmd], n)
}

func (p *proxyRuntime) leave(c *arkletCall) {
	p.mu.Lock()
	defer p.mu.Unlock()
	c.end = time.Now()
	p.inflight = slices.DeleteFunc(p.inflight, func(o *arkletCall) bool { return o == c })
	p.calls = append(p.calls, *c)
}

// seq lists the bizNames of a command's calls in the order they arrived.
func (p *proxyRuntime) seq(cmd string) []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	cs := slices.Clone(p.calls)
	slices.SortFunc(cs, func(a, b arkletCall) int { return a.start.Compare(b.start) })
	var out []string
	for _, c := range cs {
		if c.cmd == cmd {
			out = append(out, strings.Join(c.biz, "+"))
		}
	}
	return out
}

func noticesWith(res *result, code string) []reports.Notice {
	var out []reports.Notice
	for _, n := range res.Notices {
		if n.Code == code {
			out = append(out, n)
		}
	}
	return out
}

func summaryFor(t *testing.T, res *result, prefix string) string {
	t.Helper()
	var all []string
	for _, n := range res.Summary {
		if strings.HasPrefix(n.Message, prefix) {
			return n.Message
		}
		all = append(all, n.Message)
	}
	t.Errorf("no summary line %q in:\n%s", prefix, strings.Join(all, "\n"))
	return ""
}

func TestTwoScenariosEachWithOwnBase(t *testing.T) {
	t.Parallel()
	b := needJDK(t)
	scs := exampleScenarios(t, b, "two-bases.yaml")
	if len(scs) != 2 {
		t.Fatalf("%d scenarios, want 2", len(scs))
	}
	rt := &trackingRuntime{}
	defer rt.assertGone(t)
	var results []*result
	for _, sc := range scs {
		res, err := run(context.Background(), sc, options{Runtime: rt})
		if err != nil {
			t.Fatalf("%s: %v", sc.Name, err)
		}
		dump(t, res)
		results = append(results, res)
		// Each scenario's base is stopped before the next one starts.
		if last := rt.bases[len(rt.bases)-1]; last.GroupAlive() {
			t.Errorf("%s: base still alive after its scenario", sc.Name)
		}
	}
	if len(rt.bases) != 2 || rt.bases[0].PID() == rt.bases[1].PID() {
		t.Fatalf("want two bases, one per scenario: %d", len(rt.bases))
	}
	fixed, leak := results[0], results[1]
	if len(fixed.Findings) != 0 || len(noticesWith(fixed, NoticeExpectationStale)) != 0 {
		t.Errorf("fixed twins: %d findings, notices %+v", len(fixed.Findings), fixed.Notices)
	}
	if l := summaryFor(t, fixed, "scenario fixed twins: pass: 2 module(s), 2/2 cycle(s)"); l != "" && !strings.Contains(l, "0 verdict(s) counted, 0 expected") {
		t.Errorf("summary: %s", l)
	}
	// The known leak: its verdicts are there, with evidence, but suppressed with the reason.
	got := findingsFor(leak, "timer-leak")
	for _, id := range []string{"KP8001", "KP8002"} {
		f, ok := got[id]
		switch {
		case !ok:
			t.Errorf("timer-leak: no %s finding", id)
		case f.Counts() || f.Suppression.Kind != "external" || f.Suppression.Reason != "vendor timer never cancelled, tracked in JIRA-123" ||
			!strings.Contains(f.Suppression.Where, "scenario known leak: expect.fail of timer-leak:1.0.0"):
			t.Errorf("timer-leak %s not suppressed as expected: %+v", id, f.Suppression)
		case !strings.Contains(strings.Join(f.Evidence, "\n"), "scenario known leak"):
			t.Errorf("timer-leak %s evidence does not name its scenario: %v", id, f.Evidence)
		}
	}
	for _, f := range leak.Findings {
		if f.Counts() {
			t.Errorf("a counted finding in the known-leak scenario: %s %s", f.RuleID, f.Message)
		}
	}
	if n := noticesWith(leak, NoticeExpectationStale); len(n) != 0 {
		t.Errorf("expectations held, yet: %+v", n)
	}
	summaryFor(t, leak, "scenario known leak: pass: 2 module(s), 2/2 cycle(s) on the process runtime")
	if l := summaryFor(t, leak, "scenario known leak: module timer-leak:1.0.0: expected KP8001,KP8002; 2/2 cycle(s), 0 verdict(s) counted, 2 expected; install p50 "); l != "" {
		if strings.Contains(l, "install p50 -") {
			t.Errorf("no install times: %s", l)
		}
	}
	summaryFor(t, leak, "scenario known leak: module clean:1.0.0: ok; 2/2 cycle(s), 0 verdict(s) counted")
	if n := leak.Summary; len(n) != 3 || n[0].Level != reports.NoticeInfo || n[0].Code != NoticeSummary || n[1].Path != b.Module("clean") {
		t.Errorf("want 3 info summary notices (scenario + 2 modules): %+v", n)
	}
	if len(noticesWith(leak, NoticeSummary)) != 0 {
		t.Error("summary notices belong in Result.Summary, not Result.Notices")
	}
}

func TestStaleExpectationIsReported(t *testing.T) {
	t.Parallel()
	b := needJDK(t)
	sc := exampleScenarios(t, b, "stale-expectation.yaml")[0]
	rt := &trackingRuntime{}
	defer rt.assertGone(t)
	res, err := run(context.Background(), sc, options{Runtime: rt})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 0 {
		dump(t, res)
		t.Errorf("clean gave findings")
	}
	n := noticesWith(res, NoticeExpectationStale)
	if len(n) != 1 || n[0].Level != reports.NoticeError || n[0].Path != b.Module("clean") ||
		!strings.Contains(n[0].Message, "module clean:1.0.0: expected KP8002 did not occur") ||
		!strings.Contains(n[0].Message, "JIRA-99") {
		t.Errorf("stale expectation notice: %+v", n)
	}
	summaryFor(t, res, "scenario stale expectation: fail: 1 module(s), 1/1 cycle(s) on the process runtime, sequential installs in order clean:1.0.0; 0 verdict(s) counted, 0 expected, 1 expected in vain")
	summaryFor(t, res, "scenario stale expectation: module clean:1.0.0: ok; STALE expectation KP8002; 1/1 cycle(s)")
}

func TestConcurrentInstallsFourAtOnce(t *testing.T) {
	t.Parallel()
	b := needJDK(t)
	sc := exampleScenarios(t, b, "concurrent.yaml")[0]
	// The reference base holds every install (and uninstall) until four are in flight, or 10 s
	// have passed: calls made concurrently are certain to overlap, calls made one by one never do.
	sc.Base.JavaOptions = append(sc.Base.JavaOptions, "-Dkompat.refbase.overlapGate=4")
	rt := &proxyRuntime{}
	defer rt.tr.assertGone(t)
	var progress syncBuffer
	res, err := run(context.Background(), sc, options{Runtime: rt, Progress: &progress})
	if err != nil {
		t.Fatal(err)
	}
	dump(t, res)
	if len(res.Findings) != 0 {
		t.Errorf("%d findings for fixed modules", len(res.Findings))
	}
	for _, c := range res.Cycles {
		if c.ModulesCycling != 4 || c.LoadersAlive != 0 {
			t.Errorf("cycle %d: %d modules, %d loaders alive", c.Cycle, c.ModulesCycling, c.LoadersAlive)
		}
	}
	rt.mu.Lock()
	defer rt.mu.Unlock()
	// Overlap evidence from the base itself: four at once, and the gate opened in each of the
	// two cycles.
	st := rt.opStats
	if st.MaxInFlight["installBiz"] != 4 || st.MaxInFlight["uninstallBiz"] != 4 ||
		st.GateOpened["installBiz"] != 2 || st.GateOpened["uninstallBiz"] != 2 {
		t.Errorf("base op stats %+v: want 4 installs and 4 uninstalls in flight at once in each of 2 cycles", st)
	}
	if rt.maxInflight["installBiz"] != 4 || rt.maxInflight["uninstallBiz"] != 4 {
		t.Errorf("max in flight: %v, want 4 installs and 4 uninstalls at once", rt.maxInflight)
	}
	if rt.maxInflight["health"] != 1 || len(rt.violations) > 0 {
		t.Errorf("arklet concurrency rules broken: %v", rt.violations)
	}
	summaryFor(t, res, "scenario four at once: pass: 4 module(s), 2/2 cycle(s) on the process runtime, up to 4 installs at once")
}

// withPriority copies an ark-biz jar under another Ark-Biz-Name with another MANIFEST priority.
func withPriority(t *testing.T, src, name string, prio int) string {
	t.Helper()
	dir := t.TempDir()
	renamed := filepath.Join(dir, "renamed.jar")
	if err := fixtures.RenameBizJar(src, renamed, name); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.OpenReader(renamed)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == "META-INF/MANIFEST.MF" {
			data = bytes.Replace(data, []byte("priority: 100"), []byte(fmt.Sprintf("priority: %d", prio)), 1)
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, name+".jar")
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestBatchInstallByPriorityGroups(t *testing.T) {
	t.Parallel()
	b := needJDK(t)
	sc := exampleScenarios(t, b, "batch.yaml")[0]
	early := withPriority(t, b.Module("clean"), "clean-early", 10)
	sc.Modules = append(sc.Modules, ModuleConfig{Jar: early})
	rt := &proxyRuntime{}
	defer rt.tr.assertGone(t)
	var progress syncBuffer
	res, err := run(context.Background(), sc, options{Runtime: rt, Progress: &progress})
	if err != nil {
		t.Fatal(err)
	}
	dump(t, res)
	if len(res.Findings) != 0 || len(noticesWith(res, noticeBatchUnavailable)) != 0 {
		t.Errorf("findings %d, notices %+v", len(res.Findings), res.Notices)
	}
	batches, singles := rt.seq("batchInstallBiz"), rt.seq("installBiz")
	if len(batches) != 2 || len(singles) != 0 || batches[0] != "clean+jdbc-fixed+mbean-fixed+clean-early" {
		t.Errorf("want one batchInstallBiz of all four per cycle and no installBiz: batches %q, installs %q", batches, singles)
	}
	for _, c := range res.Cycles {
		if c.ModulesCycling != 4 || c.LoadersAlive != 0 {
			t.Errorf("cycle %d: %d modules, %d loaders alive", c.Cycle, c.ModulesCycling, c.LoadersAlive)
		}
	}
	// The base installed the priority-10 module first, then the priority-100 group together.
	i10 := strings.Index(res.BaseLog, "batchInstallBiz: priority group 10: clean-early:1.0.0")
	i100 := strings.Index(res.BaseLog, "batchInstallBiz: priority group 100: clean:1.0.0, jdbc-fixed:1.0.0, mbean-fixed:1.0.0")
	if i10 < 0 || i100 < i10 {
		t.Errorf("base log lacks the priority groups in order:\n%s", res.BaseLog)
	}
	if !strings.Contains(progress.String(), "cycle 2/2: batchInstallBiz of 4 module(s) in 2 priority group(s)") ||
		!strings.Contains(progress.String(), "cycle 1/2: batch-installed clean-early:1.0.0") {
		t.Errorf("progress:\n%s", progress.String())
	}
	summaryFor(t, res, "scenario batch: pass: 4 module(s), 2/2 cycle(s) on the process runtime, batchInstallBiz")
}

func TestBatchFallsBackToOrderedInstalls(t *testing.T) {
	t.Parallel()
	b := needJDK(t)
	sc := exampleScenarios(t, b, "batch.yaml")[0]
	sc.Base.JavaOptions = append(sc.Base.JavaOptions, "-Dkompat.refbase.batch=false") // a base before arklet 1.4.1
	sc.Order = []string{"mbean-fixed:1.0.0", "clean", "jdbc-fixed.jar"}
	sc.Cycles = 1
	rt := &proxyRuntime{}
	defer rt.tr.assertGone(t)
	res, err := run(context.Background(), sc, options{Runtime: rt})
	if err != nil {
		t.Fatal(err)
	}
	dump(t, res)
	n := noticesWith(res, noticeBatchUnavailable)
	if len(n) != 1 || n[0].Level != reports.NoticeInfo || !strings.Contains(n[0].Message, "help does not list batchInstallBiz") {
		t.Errorf("fallback notice: %+v", n)
	}
	// One cycle, then the re-install check: both in the given order, one module at a time.
	want := []string{"mbean-fixed", "clean", "jdbc-fixed", "mbean-fixed", "clean", "jdbc-fixed"}
	if got := rt.seq("installBiz"); !slices.Equal(got, want) || len(rt.seq("batchInstallBiz")) != 0 {
		t.Errorf("installs %q, want %q and no batch", got, want)
	}
	if got := rt.seq("uninstallBiz"); !slices.Equal(got, want) {
		t.Errorf("uninstalls %q, want %q", got, want)
	}
	if rt.maxInflight["installBiz"] != 1 || len(rt.violations) > 0 {
		t.Errorf("sequential installs overlapped: %v %v", rt.maxInflight, rt.violations)
	}
	if len(res.Findings) != 0 {
		t.Errorf("%d findings", len(res.Findings))
	}
}

func TestBatchInstallWithHangingModuleTimesOut(t *testing.T) {
	t.Parallel()
	b := needJDK(t)
	sc := scenario(b, 2, "clean", "hang-on-start")
	sc.Batch = true
	sc.Timeouts.Install = 1500 * time.Millisecond
	rt := &trackingRuntime{}
	defer rt.assertGone(t)
	res, err := run(context.Background(), sc, options{Runtime: rt})
	if err != nil {
		t.Fatal(err)
	}
	// The verdict lands on the module whose start blocks the batch, not on the first one listed.
	checkModule(t, res, "hang-on-start", want{"KP8007", []string{"batch install of hang-on-start:1.0.0 did not finish within 1.5s",
		"kompat.modules.hangonstart.Main.main(Main.java"}})
	checkModule(t, res, "clean")
	if res.Aborted == "" {
		t.Error("a timed-out batch must stop the run")
	}
}
