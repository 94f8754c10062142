package harness

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/kompat/kompat/harness/arklet"
	"github.com/kompat/kompat/reports"
)

// Options tune Run.
type Options struct {
	// Progress receives one line per module step and per cycle; nil means silent.
	Progress io.Writer
	// Runtime overrides the scenario's runtime name (tests pass a configured one).
	Runtime Runtime
}

// CycleStats is what one cycle cost and measured.
type CycleStats struct {
	Cycle          int
	Ops            time.Duration // the installBiz and uninstallBiz calls themselves
	Probes         time.Duration // everything else the harness does in the cycle: state checks, GC, jcmd dumps, health, leak check, directory listing
	LoadersAlive   int           // live biz loaders after the cycle's GC (all modules uninstalled)
	ThreadsAlive   int           // threads not in the pre-install baseline
	UsedMetaspace  float64       // health "java used metaspace" after GC
	LoadedClasses  float64       // health "loaded class count" after GC
	UnloadedTotal  float64       // health "unload class count"
	ModulesCycling int           // modules that were installed in this cycle
	Probed         bool          // the leak probes ran after this cycle (see ProbeConfig.Every)
}

// Result is a finished run: findings, per-cycle numbers and, when the run stopped early, why.
type Result struct {
	Findings []reports.Finding
	Rules    []reports.RuleInfo
	Cycles   []CycleStats
	Aborted  string
	BaseLog  string           // the tail of the base log
	Notices  []reports.Notice // the tool about its own run, e.g. probes that could not run
	// Summary sums up the scenario and each module, one info notice (NoticeSummary) each. They
	// are kept apart from Notices: a caller adds them to its report and prints their messages.
	Summary []reports.Notice
}

var errInterrupted = errors.New("verify interrupted")

type modState struct {
	jar       *BizJar
	cfg       ModuleConfig
	url       string
	installed bool // installed now
	activated bool // the install answer listed it as activated
	everOK    bool // one install succeeded
	dead      bool // stop cycling it
	threads   map[string]bool
	cycles    int             // cycles in which it installed
	installs  []time.Duration // every successful installBiz (or its share of a batchInstallBiz)
	uninstall []time.Duration // every successful uninstallBiz
}

func (m *modState) identity() string { return m.jar.Identity() }

type pending struct {
	f      reports.Finding
	cycles []int
}

type runner struct {
	sc       *Scenario
	base     Base
	cl       *arklet.Client
	mods     []*modState
	seq      []*modState            // install and uninstall order
	batch    bool                   // install with batchInstallBiz
	stale    map[*modState][]string // expected verdicts that did not occur
	started  time.Duration
	prog     io.Writer
	found    map[string]*pending
	order    []string
	ignoreT  []*regexp.Regexp
	ignoreP  []*regexp.Regexp
	leakCmd  string
	baseTh   map[string]bool
	baseProp map[string]string
	lastProp map[string]string
	propBy   map[string]*modState
	threadBy map[string]*modState
	stats    []CycleStats
	noJcmd   error
	notices  []reports.Notice
	probeDur time.Duration
	opDur    time.Duration
	aborted  string
}

// Run starts the scenario's base, cycles its modules and returns the verdicts. An error means the
// run itself could not happen (bad scenario, unreadable module, base that does not start); what
// the modules did is in Result.Findings.
func Run(ctx context.Context, sc *Scenario, opts Options) (res *Result, err error) {
	if err := sc.Normalize(); err != nil {
		return nil, fmt.Errorf("scenario: %w", err)
	}
	r := &runner{sc: sc, prog: opts.Progress, found: map[string]*pending{}, propBy: map[string]*modState{},
		threadBy: map[string]*modState{}}
	for _, re := range append(append([]string{}, DefaultIgnoreThreads...), sc.Probes.IgnoreThreads...) {
		r.ignoreT = append(r.ignoreT, regexp.MustCompile(re))
	}
	for _, re := range append(append([]string{}, DefaultIgnoreProperties...), sc.Probes.IgnoreProperties...) {
		r.ignoreP = append(r.ignoreP, regexp.MustCompile(re))
	}
	seen := map[string]bool{}
	for _, mc := range sc.Modules {
		j, err := ReadBizJar(mc.Jar)
		if err != nil {
			return nil, err
		}
		if mc.Name != "" {
			j.Name = mc.Name
		}
		if mc.Version != "" {
			j.Version = mc.Version
		}
		if seen[j.Identity()] {
			return nil, fmt.Errorf("module %s listed twice", j.Identity())
		}
		seen[j.Identity()] = true
		r.mods = append(r.mods, &modState{jar: j, cfg: mc})
	}
	if r.seq, err = orderModules(r.mods, sc.Order); err != nil {
		return nil, fmt.Errorf("scenario: %w", err)
	}
	defer func() {
		if err != nil && ctx.Err() != nil && !errors.Is(err, errInterrupted) {
			err = fmt.Errorf("%w: %w", errInterrupted, err)
		}
	}()
	rt := opts.Runtime
	if rt == nil {
		if rt, err = sc.NewRuntime(ctx); err != nil {
			return nil, err
		}
	}
	start := time.Now()
	base, err := rt.Start(ctx, sc.spec())
	if base != nil {
		defer func() {
			if serr := base.Stop(context.WithoutCancel(ctx)); serr != nil && err == nil {
				err = serr
			}
		}()
	}
	if err != nil {
		return nil, fmt.Errorf("%w%s", err, logTail(ctx, base, 20))
	}
	r.base = base
	r.cl = arklet.New(base.ArkletURL())
	r.cl.Timeout = sc.Timeouts.Call
	if err := r.waitReady(ctx); err != nil {
		return nil, fmt.Errorf("base not ready: %w%s", err, logTail(ctx, base, 20))
	}
	r.started = time.Since(start)
	r.progressf("base ready at %s (%s)", base.ArkletURL(), r.started.Round(time.Millisecond))
	for _, m := range r.mods {
		if m.url, err = base.PutModule(ctx, m.jar.Path); err != nil {
			return nil, err
		}
	}
	if sc.Probes.LeakCheckCommand != "-" {
		if ok, err := r.cl.Supports(ctx, sc.Probes.LeakCheckCommand); err == nil && ok {
			r.leakCmd = sc.Probes.LeakCheckCommand
		}
	}
	if sc.Batch {
		if ok, err := r.cl.Supports(ctx, "batchInstallBiz"); err == nil && ok {
			r.batch = true
		} else {
			why := "its help does not list batchInstallBiz"
			if err != nil {
				why = "help failed: " + shortErr(err)
			}
			r.progressf("batch install not available (%s): installing modules one by one", why)
			r.notices = append(r.notices, reports.Notice{Code: NoticeBatchUnavailable, Level: reports.NoticeInfo, Path: sc.Name,
				Message: fmt.Sprintf("scenario %s: batch: true, but the base cannot batchInstallBiz (%s); modules were installed one by one", sc.Name, why)})
		}
	}
	if err := r.baseline(ctx); err != nil {
		return nil, fmt.Errorf("baseline probes: %w%s", err, logTail(ctx, base, 20))
	}
	for c := 1; c <= sc.Cycles && r.aborted == "" && ctx.Err() == nil; c++ {
		r.cycle(ctx, c)
	}
	if ctx.Err() != nil {
		return nil, fmt.Errorf("%w: %w", errInterrupted, ctx.Err())
	}
	if sc.Cycles == 1 && r.aborted == "" {
		r.reinstallCheck(ctx)
	}
	r.growthVerdict()
	res = &Result{Cycles: r.stats, Aborted: r.aborted, Notices: r.notices}
	res.BaseLog, _ = base.Logs(ctx)
	res.BaseLog = tail(res.BaseLog, 40)
	used := map[string]bool{}
	for _, k := range r.order {
		p := r.found[k]
		if len(p.cycles) > 0 {
			p.f.Evidence = append(p.f.Evidence, "seen in cycle(s) "+joinInts(p.cycles))
		}
		p.f.Evidence = append(p.f.Evidence, "scenario "+sc.Name)
		p.f.ComputeFingerprint()
		res.Findings = append(res.Findings, p.f)
		used[p.f.RuleID] = true
	}
	r.applyExpectations(res)
	r.summarize(res)
	for _, rule := range Rules {
		if used[rule.ID] {
			res.Rules = append(res.Rules, rule.Info())
		}
	}
	return res, nil
}

func (r *runner) progressf(format string, a ...any) {
	if r.prog != nil {
		fmt.Fprintf(r.prog, "kompat verify: "+format+"\n", a...)
	}
}

func (r *runner) waitReady(ctx context.Context) error {
	deadline := time.Now().Add(r.sc.Timeouts.Start)
	var last error
	for time.Now().Before(deadline) {
		cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		last = r.cl.Ready(cctx)
		cancel()
		if last == nil {
			return nil
		}
		select {
		case <-r.base.Exited():
			return errors.New("base exited during start")
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	return fmt.Errorf("health not SUCCESS after %s: %w", r.sc.Timeouts.Start, last)
}

// NoticeProbesUnavailable is the notice code for a base that cannot be probed with jcmd.
const NoticeProbesUnavailable = "KP9801"

func (r *runner) jcmd(ctx context.Context, args ...string) (string, error) {
	if r.noJcmd != nil {
		return "", r.noJcmd
	}
	cctx, cancel := context.WithTimeout(ctx, r.sc.Timeouts.Probe)
	defer cancel()
	t := time.Now()
	out, err := r.base.Jcmd(cctx, args...)
	r.probeDur += time.Since(t)
	if errors.Is(err, ErrProbeUnavailable) {
		// The base cannot be probed at all (e.g. an image without jcmd): lifecycle checks,
		// health counters, the biz dir and the base's own leak check still run.
		r.noJcmd = err
		r.progressf("jcmd probes unavailable, continuing without them: %v", err)
		r.notices = append(r.notices, reports.Notice{Code: NoticeProbesUnavailable, Level: reports.NoticeWarning,
			Path: r.sc.Base.Jar, Message: "jcmd probes unavailable (no loader counts, thread or system property diffs): " + err.Error()})
	}
	return out, err
}

func (r *runner) threadDump(ctx context.Context) ([]ThreadInfo, error) {
	out, err := r.jcmd(ctx, "Thread.print")
	if err != nil {
		return nil, err
	}
	return ParseThreadDump(out), nil
}

func (r *runner) sysProps(ctx context.Context) (map[string]string, error) {
	out, err := r.jcmd(ctx, "VM.system_properties")
	if err != nil {
		return nil, err
	}
	return ParseSystemProperties(out), nil
}

func (r *runner) baseline(ctx context.Context) error {
	r.gc(ctx, "baseline", r.sc.Probes.GCRuns)
	r.baseTh, r.baseProp = map[string]bool{}, map[string]string{}
	th, err := r.threadDump(ctx)
	if r.noJcmd != nil {
		r.lastProp, r.probeDur = r.baseProp, 0
		return nil
	}
	if err != nil {
		return err
	}
	for _, t := range th {
		r.baseTh[t.Key()] = true
	}
	if r.baseProp, err = r.sysProps(ctx); err != nil {
		return err
	}
	r.lastProp = r.baseProp
	r.probeDur = 0
	return nil
}

func (r *runner) ignoredThread(name string) bool {
	for _, re := range r.ignoreT {
		if re.MatchString(name) {
			return true
		}
	}
	return false
}

func (r *runner) ignoredProp(name string) bool {
	for _, re := range r.ignoreP {
		if re.MatchString(name) {
			return true
		}
	}
	return false
}

// add records a finding once per rule and module; later cycles only add their number.
func (r *runner) add(rule Rule, m *modState, cycle int, msg string, evidence ...string) {
	path, sym := r.sc.Name, ""
	if m != nil {
		path, sym = m.jar.Path, m.identity()
	}
	key := rule.ID + "|" + path + "|" + sym
	if p, ok := r.found[key]; ok {
		if cycle > 0 && (len(p.cycles) == 0 || p.cycles[len(p.cycles)-1] != cycle) {
			p.cycles = append(p.cycles, cycle)
		}
		return
	}
	f := reports.Finding{RuleID: rule.ID, Slug: rule.Slug, Family: "runtime", Severity: rule.Severity,
		Confidence: rule.Confidence, Message: msg, Location: reports.Location{Path: path, Symbol: sym},
		Evidence: evidence, Fix: rule.Fix, Snippet: strings.TrimSpace(sym + " " + rule.Slug)}
	p := &pending{f: f}
	if cycle > 0 {
		p.cycles = []int{cycle}
	}
	r.found[key] = p
	r.order = append(r.order, key)
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
		r.add(RuleBaseDied, m, cycle, fmt.Sprintf("the base JVM exited during %s of %s", op, m.identity()),
			append([]string{"error: " + err.Error()}, logLines(ctx, r.base, 15)...)...)
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
		ev = append(ev, logLines(ctx, r.base, 10)...)
		r.add(RuleTimedOut, m, cycle, fmt.Sprintf("%s of %s did not finish within %s; the base is left with a blocked worker, so the run stops", op, m.identity(), timeout), ev...)
		r.aborted = op + " of " + m.identity() + " timed out"
		return true
	}
	ev := []string{"error: " + err.Error()}
	if errors.As(err, &ce) && ce.ErrorStackTrace != "" {
		ev = append(ev, "stack: "+firstLines(ce.ErrorStackTrace, 6))
	}
	ev = append(ev, logLines(ctx, r.base, 10)...)
	switch {
	case op == "uninstall":
		r.add(RuleUninstallFailed, m, cycle, fmt.Sprintf("uninstall of %s failed: %s", m.identity(), shortErr(err)), ev...)
	case m.everOK:
		r.add(RuleReinstallFailed, m, cycle, fmt.Sprintf("%s installed before but does not install again after its uninstall: %s", m.identity(), shortErr(err)), ev...)
	default:
		r.add(RuleInstallFailed, m, cycle, fmt.Sprintf("install of %s failed: %s", m.identity(), shortErr(err)), ev...)
	}
	return false
}

// opResult is one installBiz or uninstallBiz call, made possibly concurrently with others and
// turned into verdicts afterwards, one at a time.
type opResult struct {
	m       *modState
	cr      *arklet.ClientResponse
	gone    bool // uninstall: NOT_FOUND_BIZ
	err     error
	dur     time.Duration
	timeout time.Duration // the call's timeout when it was not the scenario's install timeout (a batch)
}

func (r *runner) callInstall(ctx context.Context, cl *arklet.Client, m *modState) opResult {
	t := time.Now()
	cctx, cancel := context.WithTimeout(ctx, r.sc.Timeouts.Install+time.Second)
	defer cancel()
	cr, err := cl.InstallBiz(cctx, arklet.InstallRequest{BizName: m.jar.Name, BizVersion: m.jar.Version,
		BizURL: m.url, Args: m.cfg.Args, Envs: m.cfg.Envs})
	return opResult{m: m, cr: cr, err: err, dur: time.Since(t)}
}

func (r *runner) callUninstall(ctx context.Context, cl *arklet.Client, m *modState) opResult {
	t := time.Now()
	cctx, cancel := context.WithTimeout(ctx, r.sc.Timeouts.Uninstall+time.Second)
	defer cancel()
	gone, err := cl.UninstallBiz(cctx, m.jar.Name, m.jar.Version)
	return opResult{m: m, gone: gone, err: err, dur: time.Since(t)}
}

func (r *runner) install(ctx context.Context, m *modState, cycle int, label string) bool {
	r.cl.OpTimeout = r.sc.Timeouts.Install
	res := r.callInstall(ctx, r.cl, m)
	r.opDur += res.dur
	return r.finishInstall(ctx, res, cycle, label, "install")
}

func (r *runner) finishInstall(ctx context.Context, res opResult, cycle int, label, op string) bool {
	m := res.m
	m.activated = false
	if res.cr != nil {
		for _, raw := range res.cr.BizInfos {
			var bi arklet.BizInfo
			if json.Unmarshal(raw, &bi) == nil && bi.Identity() == m.identity() && bi.Is(arklet.StateActivated) {
				m.activated = true // the install answer already shows it activated: no queryAllBiz needed
			}
		}
	}
	if res.err != nil {
		r.progressf("%s: %s %s FAILED (%s)", label, op, m.identity(), shortErr(res.err))
		m.dead = true
		failOp, timeout := "install", r.sc.Timeouts.Install
		if op == "batch-install" {
			failOp = "batch install"
		}
		if res.timeout > 0 {
			timeout = res.timeout
		}
		r.opFailed(ctx, m, cycle, failOp, res.err, timeout)
		return false
	}
	r.progressf("%s: %sed %s (%s)", label, op, m.identity(), res.dur.Round(time.Millisecond))
	m.installs = append(m.installs, res.dur)
	m.installed, m.everOK = true, true
	return true
}

func (r *runner) uninstall(ctx context.Context, m *modState, cycle int, label string) bool {
	r.cl.OpTimeout = r.sc.Timeouts.Uninstall
	res := r.callUninstall(ctx, r.cl, m)
	r.opDur += res.dur
	return r.finishUninstall(ctx, res, cycle, label)
}

func (r *runner) finishUninstall(ctx context.Context, res opResult, cycle int, label string) bool {
	m := res.m
	m.installed = false
	if res.err != nil {
		r.progressf("%s: uninstall %s FAILED (%s)", label, m.identity(), shortErr(res.err))
		m.dead = true
		r.opFailed(ctx, m, cycle, "uninstall", res.err, r.sc.Timeouts.Uninstall)
		return false
	}
	if res.gone {
		r.progressf("%s: %s was already gone (NOT_FOUND_BIZ)", label, m.identity())
	} else {
		r.progressf("%s: uninstalled %s (%s)", label, m.identity(), res.dur.Round(time.Millisecond))
		m.uninstall = append(m.uninstall, res.dur)
	}
	return true
}

// parallel makes one call per module, up to Concurrency at once, each on a client (and so a
// connection) of its own; arklet serializes operations per biz and every module is in the list
// once, so no two calls ever touch the same biz. health is never called here. The results come
// back in the order of mods; the phase's wall time counts as operation time.
func (r *runner) parallel(ctx context.Context, mods []*modState, opTimeout time.Duration,
	call func(context.Context, *arklet.Client, *modState) opResult) []opResult {
	out := make([]opResult, len(mods))
	sem := make(chan struct{}, r.sc.Concurrency)
	var wg sync.WaitGroup
	t := time.Now()
	for i, m := range mods {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			cl := arklet.New(r.base.ArkletURL())
			cl.Timeout, cl.OpTimeout = r.sc.Timeouts.Call, opTimeout
			out[i] = call(ctx, cl, m)
		}()
	}
	wg.Wait()
	r.opDur += time.Since(t)
	return out
}

// batchInstall installs mods with one batchInstallBiz. The base installs them by ascending
// MANIFEST priority, a group of equal priority in parallel, so the call may take one install
// timeout per priority group.
func (r *runner) batchInstall(ctx context.Context, mods []*modState, cycle int, label string) {
	prios := map[int]bool{}
	reqs := make([]arklet.InstallRequest, len(mods))
	for i, m := range mods {
		prios[m.jar.Priority] = true
		reqs[i] = arklet.InstallRequest{BizName: m.jar.Name, BizVersion: m.jar.Version, BizURL: m.url, Args: m.cfg.Args, Envs: m.cfg.Envs}
	}
	timeout := r.sc.Timeouts.Install * time.Duration(len(prios))
	r.cl.OpTimeout = timeout
	t := time.Now()
	cctx, cancel := context.WithTimeout(ctx, timeout+time.Second)
	byURL, err := r.cl.BatchInstallBiz(cctx, reqs)
	cancel()
	dur := time.Since(t)
	r.opDur += dur
	r.progressf("%s: batchInstallBiz of %d module(s) in %d priority group(s) (%s)", label, len(mods), len(prios), dur.Round(time.Millisecond))
	if errors.Is(err, arklet.ErrTimeout) {
		// One module's start is blocking the batch: name the one whose code a base worker
		// thread is running, so the timeout verdict lands on it.
		mods = append([]*modState{}, mods...)
		if th, terr := r.threadDump(ctx); terr == nil {
			for i, m := range mods {
				if slices.ContainsFunc(th, func(t ThreadInfo) bool {
					return (r.baseTh[t.Key()] || r.ignoredThread(t.Name)) && hasModuleFrame(t, m)
				}) {
					mods[0], mods[i] = mods[i], mods[0]
					break
				}
			}
		}
	}
	for _, m := range mods {
		res := opResult{m: m, dur: dur, timeout: timeout}
		cr, ok := byURL[m.url]
		switch {
		case ok && strings.EqualFold(cr.Code, arklet.CodeSuccess):
			res.cr = &cr
		case ok:
			res.err = &arklet.CommandError{Command: "batchInstallBiz", Code: arklet.CodeFailed, DataCode: cr.Code, Message: cr.Message}
		case err != nil:
			res.err = err
		default:
			res.err = fmt.Errorf("batchInstallBiz: no result for %s", m.url)
		}
		r.finishInstall(ctx, res, cycle, label, "batch-install")
		if r.aborted != "" {
			return
		}
	}
}

func (r *runner) live() []*modState {
	var out []*modState
	for _, m := range r.seq {
		if !m.dead {
			out = append(out, m)
		}
	}
	return out
}

// orderModules returns mods in the order the references name them (Ark-Biz-Name, name:version
// or the jar's file name), or as listed when there are none.
func orderModules(mods []*modState, refs []string) ([]*modState, error) {
	if len(refs) == 0 {
		return append([]*modState{}, mods...), nil
	}
	if len(refs) != len(mods) {
		return nil, fmt.Errorf("order names %d module(s), the scenario has %d", len(refs), len(mods))
	}
	var out []*modState
	taken := map[*modState]bool{}
	for _, ref := range refs {
		var hit []*modState
		for _, m := range mods {
			if ref == m.identity() || ref == m.jar.Name || ref == filepath.Base(m.cfg.Jar) {
				hit = append(hit, m)
			}
		}
		switch {
		case len(hit) == 0:
			return nil, fmt.Errorf("order: %q names no module", ref)
		case len(hit) > 1:
			return nil, fmt.Errorf("order: %q names %d modules; use name:version", ref, len(hit))
		case taken[hit[0]]:
			return nil, fmt.Errorf("order: %s listed twice", hit[0].identity())
		}
		taken[hit[0]] = true
		out = append(out, hit[0])
	}
	return out, nil
}

// attributeInstall runs after a module's install: new threads and changed properties since the
// previous snapshot are attributed to it.
func (r *runner) attributeInstall(ctx context.Context, m *modState) {
	if th, err := r.threadDump(ctx); err == nil {
		for _, t := range th {
			if !r.baseTh[t.Key()] && r.threadBy[t.Key()] == nil && !r.ignoredThread(t.Name) {
				r.threadBy[t.Key()] = m
			}
		}
	}
	if props, err := r.sysProps(ctx); err == nil {
		for k, v := range props {
			if old, ok := r.lastProp[k]; (!ok || old != v) && r.propBy[k] == nil {
				r.propBy[k] = m
			}
		}
		for k := range r.lastProp {
			if _, ok := props[k]; !ok && r.propBy[k] == nil {
				r.propBy[k] = m
			}
		}
		r.lastProp = props
	}
}

func (r *runner) cycle(ctx context.Context, c int) {
	label := fmt.Sprintf("cycle %d/%d", c, r.sc.Cycles)
	r.probeDur, r.opDur = 0, 0
	start := time.Now()
	st := CycleStats{Cycle: c}
	switch live := r.live(); {
	case r.batch && len(live) > 0:
		r.batchInstall(ctx, live, c, label)
	case r.sc.Concurrency > 1 && len(live) > 1:
		// Installs overlap, so new threads and properties cannot be pinned on one install: they
		// are attributed by the module's own frames only.
		for _, res := range r.parallel(ctx, live, r.sc.Timeouts.Install, r.callInstall) {
			if !r.finishInstall(ctx, res, c, label, "install") && r.aborted != "" {
				return
			}
		}
	default:
		for _, m := range live {
			if !r.install(ctx, m, c, label) {
				if r.aborted != "" {
					return
				}
				continue
			}
			if len(r.mods) > 1 {
				r.attributeInstall(ctx, m)
			}
		}
	}
	if r.aborted != "" {
		return
	}
	for _, m := range r.mods {
		if m.installed {
			st.ModulesCycling++
			m.cycles++
		}
	}
	// Every module that installed must be listed and activated.
	needQuery := false
	for _, m := range r.mods {
		needQuery = needQuery || (m.installed && !m.activated)
	}
	if !needQuery {
		// Every install answer showed its module activated.
	} else if list, err := r.cl.QueryAllBiz(ctx); err == nil {
		states := map[string]arklet.BizInfo{}
		for _, b := range list {
			states[b.Identity()] = b
		}
		for _, m := range r.mods {
			if !m.installed {
				continue
			}
			b, ok := states[m.identity()]
			if !ok || !b.Is(arklet.StateActivated) {
				state := "absent"
				if ok {
					state = b.BizState
				}
				r.add(RuleInstallFailed, m, c, fmt.Sprintf("%s answered install SUCCESS but queryAllBiz shows it %s", m.identity(), state))
			}
		}
	}
	var toUninstall []*modState
	for _, m := range r.seq {
		if m.installed {
			toUninstall = append(toUninstall, m)
		}
	}
	if r.sc.Concurrency > 1 && len(toUninstall) > 1 {
		for _, res := range r.parallel(ctx, toUninstall, r.sc.Timeouts.Uninstall, r.callUninstall) {
			if !r.finishUninstall(ctx, res, c, label) && r.aborted != "" {
				return
			}
		}
	} else {
		for _, m := range toUninstall {
			if !r.uninstall(ctx, m, c, label) && r.aborted != "" {
				return
			}
		}
	}
	stillInstalled := 0
	if list, err := r.cl.QueryAllBiz(ctx); err == nil {
		for _, b := range list {
			for _, m := range r.mods {
				if m.identity() == b.Identity() {
					stillInstalled++
					r.add(RuleUninstallFailed, m, c, fmt.Sprintf("%s is still listed as %s after uninstall", m.identity(), b.BizState))
				}
			}
		}
	}
	if every := r.sc.Probes.Every; every <= 1 || c%every == 0 || c == r.sc.Cycles {
		st.Probed = true
		r.probe(ctx, c, label, stillInstalled, &st)
	}
	st.Ops = r.opDur
	st.Probes = time.Since(start) - r.opDur
	if r.baseExited() {
		r.add(RuleBaseDied, nil, c, fmt.Sprintf("the base JVM exited during cycle %d, outside any install or uninstall", c), logLines(ctx, r.base, 15)...)
		r.aborted = "base exited"
	}
	r.stats = append(r.stats, st)
	r.progressf("%s: done, %d module(s), %d loader(s) alive, %d thread(s) survived (install+uninstall %s, checks and probes %s)", label,
		st.ModulesCycling, st.LoadersAlive, st.ThreadsAlive, st.Ops.Round(time.Millisecond), st.Probes.Round(time.Millisecond))
}

type leakReport struct {
	Retained []struct {
		Identity string `json:"identity"`
		Reasons  []struct {
			Kind string `json:"kind"`
			Text string `json:"text"`
		} `json:"reasons"`
	} `json:"retained"`
}

func (r *runner) modByIdentity(id string) *modState {
	for _, m := range r.mods {
		if m.identity() == id {
			return m
		}
	}
	return nil
}

func hasModuleFrame(t ThreadInfo, m *modState) bool {
	for _, f := range t.Frames {
		cls := f
		if i := strings.IndexByte(cls, '('); i >= 0 {
			cls = cls[:i]
		}
		if i := strings.LastIndexByte(cls, '.'); i >= 0 {
			cls = cls[:i] // drop the method
		}
		if m.jar.Owns(cls) {
			return true
		}
	}
	return false
}

func (r *runner) probe(ctx context.Context, c int, label string, stillInstalled int, st *CycleStats) {
	r.gc(ctx, label, r.sc.Probes.GCRuns)
	// Live biz loaders and module instances.
	hist := r.histogram(ctx, label)
	alive := int(hist[r.sc.Base.BizClassLoader])
	if alive > stillInstalled {
		// Confirm before accusing: objects only reachable from finalizers or cleaners need
		// another finalization round and collection.
		r.gc(ctx, label, 2)
		hist = r.histogram(ctx, label)
		alive = int(hist[r.sc.Base.BizClassLoader])
	}
	st.LoadersAlive = alive
	leak := map[string][]string{} // identity -> reasons
	leakKinds := map[string]map[string][]string{}
	// The base-side leak check, when there is something to explain (or nothing else to count
	// with): it names what holds each loader.
	if r.leakCmd != "" && (alive > stillInstalled || r.noJcmd != nil) {
		t := time.Now()
		resp, err := r.cl.Do(ctx, r.leakCmd, nil, r.sc.Timeouts.Probe)
		r.probeDur += time.Since(t)
		if err == nil && resp.OK() {
			var lr leakReport
			if json.Unmarshal(resp.Data, &lr) == nil {
				for _, ret := range lr.Retained {
					if _, ok := leak[ret.Identity]; !ok {
						leak[ret.Identity] = nil
					}
					for _, rs := range ret.Reasons {
						leak[ret.Identity] = append(leak[ret.Identity], rs.Text)
						if leakKinds[ret.Identity] == nil {
							leakKinds[ret.Identity] = map[string][]string{}
						}
						leakKinds[ret.Identity][rs.Kind] = append(leakKinds[ret.Identity][rs.Kind], rs.Text)
					}
				}
			}
		}
	}
	retainedBy := map[*modState][]string{}
	unattributed := 0
	if alive > stillInstalled+r.sc.Thresholds.RetainedLoaders {
		out, err := r.jcmd(ctx, "VM.classloaders", "show-classes")
		if err == nil {
			loaders := ParseClassLoaders(out, r.sc.Base.BizClassLoader)
			for _, l := range loaders {
				var owner *modState
				for _, m := range r.mods {
					if l.Name != "" && strings.Contains(l.Name, m.identity()) {
						owner = m
						break
					}
					for _, cls := range l.Classes {
						if m.jar.Owns(cls) {
							owner = m
							break
						}
					}
					if owner != nil {
						break
					}
				}
				if owner == nil {
					unattributed++
					continue
				}
				if owner.installed {
					continue
				}
				desc := fmt.Sprintf("live %s", r.sc.Base.BizClassLoader)
				if l.Name != "" {
					desc += fmt.Sprintf(" %q", l.Name)
				}
				desc += fmt.Sprintf(" defining %d class(es): %s", len(l.Classes), strings.Join(firstN(l.Classes, 4), ", "))
				retainedBy[owner] = append(retainedBy[owner], desc)
			}
		}
	}
	for id := range leak {
		if m := r.modByIdentity(id); m != nil && len(retainedBy[m]) == 0 && !m.installed {
			retainedBy[m] = append(retainedBy[m], "the base's leak check reports its loader alive after GC")
		}
	}
	for _, m := range r.mods {
		descs := retainedBy[m]
		if len(descs) == 0 {
			continue
		}
		ev := []string{fmt.Sprintf("%d live %s instance(s) in the base after uninstalling every module, %d full GCs and finalization rounds (%d expected)",
			alive, r.sc.Base.BizClassLoader, r.sc.Probes.GCRuns+4, stillInstalled)}
		if r.noJcmd != nil {
			ev[0] = "jcmd unavailable: the count comes from the base's leak check alone"
		}
		ev = append(ev, descs...)
		var inst []string
		for _, cls := range sortedKeys(hist) {
			if m.jar.Owns(cls) {
				inst = append(inst, fmt.Sprintf("%s x%d", cls, hist[cls]))
			}
		}
		if len(inst) > 0 {
			ev = append(ev, "live instances of module classes: "+strings.Join(firstN(inst, 6), ", "))
		}
		for _, why := range leak[m.identity()] {
			ev = append(ev, "held by: "+why)
		}
		r.add(RuleLoaderRetained, m, c, fmt.Sprintf("the class loader of %s is still alive after uninstall and full GC (%d loader(s) of its kind alive)", m.identity(), len(descs)), ev...)
		kinds := leakKinds[m.identity()]
		for kind, rule := range map[string]Rule{"shutdownhook": RuleShutdownHookLeft, "jdbc": RuleJDBCDriverLeft,
			"mbean": RuleMBeanLeft, "threadlocal": RuleThreadLocalLeft} {
			if texts := kinds[kind]; len(texts) > 0 {
				r.add(rule, m, c, fmt.Sprintf("%s left %s after uninstall, which keeps its class loader alive", m.identity(), texts[0]), texts...)
			}
		}
	}
	if unattributed > 0 {
		r.add(RuleLoaderRetained, nil, c, fmt.Sprintf("%d biz class loader(s) alive after uninstall that no module's classes identify", unattributed),
			fmt.Sprintf("%d live %s instance(s), %d module(s) still installed", alive, r.sc.Base.BizClassLoader, stillInstalled))
	}
	// Threads that survived.
	if th, err := r.threadDump(ctx); err == nil {
		threadOwners := map[string]*modState{}
		for id, kinds := range leakKinds {
			if m := r.modByIdentity(id); m != nil {
				for _, text := range kinds["thread"] {
					if name, ok := quoted(text); ok {
						threadOwners[name] = m
					}
				}
			}
		}
		byMod := map[*modState][]ThreadInfo{}
		var orphans []ThreadInfo
		for _, t := range th {
			if r.baseTh[t.Key()] || r.ignoredThread(t.Name) {
				continue
			}
			st.ThreadsAlive++
			owner := threadOwners[t.Name]
			if owner == nil {
				for _, m := range r.mods {
					if hasModuleFrame(t, m) {
						owner = m
						break
					}
				}
			}
			if owner == nil {
				owner = r.threadBy[t.Key()]
			}
			if owner == nil && len(r.mods) == 1 {
				owner = r.mods[0]
			}
			if owner == nil {
				orphans = append(orphans, t)
				continue
			}
			if !owner.installed {
				byMod[owner] = append(byMod[owner], t)
			}
		}
		for _, m := range r.mods {
			ts := byMod[m]
			if len(ts) == 0 {
				continue
			}
			var ev, names []string
			for _, t := range ts {
				names = append(names, fmt.Sprintf("%q (%s)", t.Name, threadKind(t)))
				ev = append(ev, fmt.Sprintf("thread %q %s, %s: %s", t.Name, t.State, threadKind(t), t.TopFrames(6)))
			}
			r.add(RuleThreadSurvived, m, c, fmt.Sprintf("%d thread(s) started by %s still run after its uninstall: %s", len(ts), m.identity(), strings.Join(firstN(names, 4), ", ")), ev...)
		}
		if len(orphans) > 0 {
			var ev []string
			for _, t := range orphans {
				ev = append(ev, fmt.Sprintf("thread %q %s: %s", t.Name, t.State, t.TopFrames(6)))
			}
			rule := RuleThreadSurvived
			rule.Severity, rule.Confidence = reports.SeverityMedium, reports.ConfidenceLow
			r.add(rule, nil, c, fmt.Sprintf("%d thread(s) not in the pre-install baseline still run after every module was uninstalled, and no module could be named", len(orphans)), ev...)
		}
	}
	// System properties.
	if props, err := r.sysProps(ctx); err == nil {
		changes := map[*modState][]string{}
		by := func(k string) *modState {
			if m := r.propBy[k]; m != nil || len(r.mods) > 1 {
				return m
			}
			return r.mods[0]
		}
		for _, k := range sortedKeys(props) {
			old, had := r.baseProp[k]
			if (had && old == props[k]) || r.ignoredProp(k) {
				continue
			}
			d := fmt.Sprintf("%s: %q -> %q", k, old, props[k])
			if !had {
				d = fmt.Sprintf("%s: (unset) -> %q", k, props[k])
			}
			changes[by(k)] = append(changes[by(k)], d)
		}
		for _, k := range sortedKeys(r.baseProp) {
			if _, ok := props[k]; !ok && !r.ignoredProp(k) {
				changes[by(k)] = append(changes[by(k)], fmt.Sprintf("%s: %q -> (unset)", k, r.baseProp[k]))
			}
		}
		for m, ch := range changes {
			if m != nil && m.installed {
				continue
			}
			who := "a module (not attributable)"
			if m != nil {
				who = m.identity()
			}
			r.add(RuleSysPropChanged, m, c, fmt.Sprintf("%s changed %d JVM system propert(ies) and they stay changed after uninstall", who, len(ch)), ch...)
		}
		r.lastProp = props
	}
	// Health counters.
	t := time.Now()
	if h, err := r.cl.Health(ctx, arklet.HealthRequest{Type: "system", Metrics: []string{"jvm"}}); err == nil && h.JVM != nil {
		st.UsedMetaspace, st.LoadedClasses, st.UnloadedTotal = h.JVM.UsedMetaspace, h.JVM.LoadedClassCount, h.JVM.UnloadClassCount
	}
	// The unpacked copies must be gone.
	if ents, err := r.base.BizDirEntries(ctx); err == nil {
		for _, m := range r.mods {
			if m.installed {
				continue
			}
			prefix := m.jar.Name + "-" + m.jar.Version + "-"
			var left []string
			for _, e := range ents {
				if strings.HasPrefix(e, prefix) {
					left = append(left, e)
				}
			}
			if len(left) > 0 {
				r.add(RuleTempDirLeft, m, c, fmt.Sprintf("%d unpacked copy(ies) of %s left in the biz work dir after uninstall", len(left), m.identity()), left...)
			}
		}
	}
	r.probeDur += time.Since(t)
}

// gc runs n full collections, each followed by a finalization round (System.runFinalization), so
// that objects kept only by pending finalizers or cleaners are gone before anything is counted.
func (r *runner) gc(ctx context.Context, label string, n int) {
	for i := 0; i < n && r.noJcmd == nil; i++ {
		for _, cmd := range []string{"GC.run", "GC.run_finalization"} {
			if _, err := r.jcmd(ctx, cmd); err != nil && r.noJcmd == nil {
				r.progressf("%s: %s: %v", label, cmd, err)
			}
		}
	}
}

// histogram runs GC.class_histogram (itself a full GC) and returns live instances per class.
func (r *runner) histogram(ctx context.Context, label string) map[string]int64 {
	out, err := r.jcmd(ctx, "GC.class_histogram")
	if err != nil {
		if r.noJcmd == nil {
			r.progressf("%s: GC.class_histogram: %v", label, err)
		}
		return map[string]int64{}
	}
	return ParseHistogram(out)
}

func (r *runner) reinstallCheck(ctx context.Context) {
	label := "re-install check"
	for _, m := range r.seq {
		if m.dead || !m.everOK {
			continue
		}
		if r.install(ctx, m, 2, label) {
			r.uninstall(ctx, m, 2, label)
		}
		if r.aborted != "" {
			return
		}
	}
}

// growthVerdict flags metaspace or class-count growth in every cycle.
func (r *runner) growthVerdict() {
	var probed []CycleStats
	for _, s := range r.stats {
		if s.Probed {
			probed = append(probed, s)
		}
	}
	if len(probed) < 3 {
		return
	}
	growsBy := func(get func(CycleStats) float64, min float64) (bool, float64) {
		for i := 1; i < len(probed); i++ {
			if get(probed[i])-get(probed[i-1]) < min*float64(probed[i].Cycle-probed[i-1].Cycle) {
				return false, 0
			}
		}
		last, first := probed[len(probed)-1], probed[0]
		return true, (get(last) - get(first)) / float64(last.Cycle-first.Cycle)
	}
	cls, perC := growsBy(func(s CycleStats) float64 { return s.LoadedClasses }, float64(r.sc.Thresholds.ClassGrowthPerCycle))
	meta, perM := growsBy(func(s CycleStats) float64 { return s.UsedMetaspace }, float64(r.sc.Thresholds.MetaspaceGrowthPerCycle))
	if !cls && !meta {
		return
	}
	var ev []string
	for _, s := range probed {
		ev = append(ev, fmt.Sprintf("after cycle %d: loaded class count %.0f, java used metaspace %.0f bytes, unload class count %.0f, live biz loaders %d",
			s.Cycle, s.LoadedClasses, s.UsedMetaspace, s.UnloadedTotal, s.LoadersAlive))
	}
	var ids []string
	for _, m := range r.mods {
		ids = append(ids, m.identity())
	}
	msg := fmt.Sprintf("after GC the base keeps growing with every cycle of %s: %+.0f classes and %+.0f bytes of metaspace per cycle", strings.Join(ids, ", "), perC, perM)
	if !cls {
		msg = fmt.Sprintf("after GC the used metaspace grows by about %.0f bytes with every cycle of %s", perM, strings.Join(ids, ", "))
	}
	if !meta {
		msg = fmt.Sprintf("after GC the loaded class count grows by about %.0f with every cycle of %s", perC, strings.Join(ids, ", "))
	}
	r.add(RuleMetaspaceGrows, nil, 0, msg, ev...)
}

func threadKind(t ThreadInfo) string {
	all := strings.Join(t.Frames, " ")
	switch {
	case strings.Contains(all, "java.util.TimerThread."):
		return "java.util.Timer thread, RL-03"
	case strings.Contains(all, "java.util.concurrent.ScheduledThreadPoolExecutor"),
		strings.Contains(all, "java.util.concurrent.ThreadPoolExecutor"),
		strings.Contains(all, "java.util.concurrent.ForkJoinPool"):
		return "executor worker, RL-02"
	default:
		return "raw thread, RL-01"
	}
}

func quoted(s string) (string, bool) {
	i := strings.IndexByte(s, '\'')
	if i < 0 {
		return "", false
	}
	j := strings.IndexByte(s[i+1:], '\'')
	if j < 0 {
		return "", false
	}
	return s[i+1 : i+1+j], true
}

func firstN(s []string, n int) []string {
	if len(s) > n {
		return append(append([]string{}, s[:n]...), fmt.Sprintf("... (%d more)", len(s)-n))
	}
	return s
}

func firstLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[:n]
	}
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	return strings.Join(lines, " | ")
}

func shortErr(err error) string {
	s := err.Error()
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 240 {
		s = s[:240] + "..."
	}
	return s
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

func logLines(ctx context.Context, b Base, n int) []string {
	if b == nil {
		return nil
	}
	s, err := b.Logs(ctx)
	if err != nil || strings.TrimSpace(s) == "" {
		return nil
	}
	var out []string
	for _, l := range strings.Split(tail(s, n), "\n") {
		out = append(out, "log: "+l)
	}
	return out
}

func logTail(ctx context.Context, b Base, n int) string {
	lines := logLines(ctx, b, n)
	if len(lines) == 0 {
		return ""
	}
	return "\nbase log (last lines):\n" + strings.Join(lines, "\n")
}

func joinInts(v []int) string {
	sort.Ints(v)
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = fmt.Sprint(x)
	}
	return strings.Join(s, ", ")
}

// Notice codes of a verify run (family 9: the tool about its own work).
const (
	// NoticeSummary is the info notice that sums up a scenario and each of its modules.
	NoticeSummary = "KP9802"
	// NoticeExpectationStale is the error notice for an expected verdict that did not occur.
	NoticeExpectationStale = "KP9803"
	// NoticeBatchUnavailable is the info notice for batch: true on a base without batchInstallBiz.
	NoticeBatchUnavailable = "KP9804"
)

// applyExpectations suppresses the verdicts each module is expected to produce (kind "external",
// with the reason) and reports every expected verdict that did not occur. A verdict that names
// no module is expected when every module of the scenario expects it.
func (r *runner) applyExpectations(res *Result) {
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

// summarize puts one summary notice for the scenario and one per module in Result.Summary.
func (r *runner) summarize(res *Result) {
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
