package harness

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/kompat/kompat/harness/arklet"
	"github.com/kompat/kompat/harness/hprof"
	"github.com/kompat/kompat/reports"
	"github.com/kompat/kompat/rules"
)

// options tune Run.
type options struct {
	// Progress receives one line per module step and per cycle; nil means silent.
	Progress io.Writer
	// Runtime overrides the scenario's runtime name (tests pass a configured one).
	Runtime Runtime
}

// cycleStats is what one cycle cost and measured.
type cycleStats struct {
	Cycle          int
	Ops            time.Duration // the installBiz and uninstallBiz calls themselves
	Probes         time.Duration // everything else the harness does in the cycle: state checks, GC, jcmd dumps, health, leak check, directory listing
	LoadersAlive   int           // live biz loaders after the cycle's GC (all modules uninstalled)
	ThreadsAlive   int           // threads not in the pre-install baseline
	UsedMetaspace  float64       // health "java used metaspace" after GC
	UsedHeapM      float64       // health "used heap memory(M)" after GC
	LoadedClasses  float64       // health "loaded class count" after GC
	BizClasses     int           // classes defined by live biz loaders after GC (VM.classloader_stats); -1 when unknown
	UnloadedTotal  float64       // health "unload class count"
	HeapDump       *hprof.Stats  // the heap dump taken to confirm retained loaders, if any
	ModulesCycling int           // modules that were installed in this cycle
	Probed         bool          // the leak probes ran after this cycle (see ProbeConfig.Every)
}

// result is a finished run: findings, per-cycle numbers and, when the run stopped early, why.
type result struct {
	Findings []reports.Finding
	Rules    []reports.RuleInfo
	Cycles   []cycleStats
	Aborted  string
	BaseLog  string           // the tail of the base log
	Notices  []reports.Notice // the tool about its own run, e.g. probes that could not run
	// Untested lists the modules (name:version) that did not run every cycle of the scenario: the
	// run stopped early, or the module stopped cycling after a failure. Such a run is not a pass,
	// whatever was expected (a NoticeUntested warning each; kompat verify exits 1).
	Untested []string
	// Summary sums up the scenario and each module, one info notice (NoticeSummary) each. They
	// are kept apart from Notices: a caller adds them to its report and prints their messages.
	Summary []reports.Notice
}

var errInterrupted = errors.New("verify interrupted")

type modState struct {
	jar       *bizJar
	cfg       ModuleConfig
	url       string
	installed bool            // installed now
	activated bool            // the install answer listed it as activated
	everOK    bool            // one install succeeded
	dead      bool            // stop cycling it
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
	sc      *Scenario
	base    base
	cl      *arklet.Client
	mods    []*modState
	seq     []*modState            // install and uninstall order
	batch   bool                   // install with batchInstallBiz
	stale   map[*modState][]string // expected verdicts that did not occur
	started time.Duration
	prog    io.Writer
	found   map[string]*pending
	order   []string
	leakCmd string
	probes  []probe
	threads *threadProbe // also consulted by the batch timeout heuristic
	stats   []cycleStats
	noJcmd  error
	notices []reports.Notice
	opDur   time.Duration
	// heapWarned: the no-heap-dump notice is given; softNoted: modules told to be only softly held.
	heapWarned bool
	// attributeNext: the next cycle takes per-install snapshots (see probe).
	attributeNext bool
	softNoted     map[*modState]bool
	aborted       string
	readyBy       string                  // what showed the base ready (see readiness)
	notRun        map[string]*checkNotRun // checks that could not run, by check (see checkFailed)
}

// run starts the scenario's base, cycles its modules and returns the verdicts. An error means the
// run itself could not happen (bad scenario, unreadable module, base that does not start); what
// the modules did is in Result.Findings.
func run(ctx context.Context, sc *Scenario, opts options) (res *result, err error) {
	if err := sc.Normalize(); err != nil {
		return nil, fmt.Errorf("scenario: %w", err)
	}
	if err := sc.preflight(); err != nil {
		return nil, err
	}
	r := &runner{sc: sc, prog: opts.Progress, found: map[string]*pending{}}
	r.probes = newProbes(r)
	seen := map[string]bool{}
	for _, mc := range sc.Modules {
		j, err := readBizJar(mc.Jar)
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
	r.progressf("base ready at %s (%s; readiness: %s)", base.ArkletURL(), r.started.Round(time.Millisecond), r.readyBy)
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
			r.notices = append(r.notices, reports.Notice{Code: noticeBatchUnavailable, Level: reports.NoticeInfo, Path: sc.Name,
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
	r.finish()
	res = &result{Cycles: r.stats, Aborted: r.aborted, Notices: r.notices}
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
	r.untested(res)
	r.summarize(res)
	for _, rule := range rules.All() {
		if used[rule.ID] && rule.Runs(rules.FrontHarness) {
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

// waitReady waits, within the start timeout, for arklet health (master biz activated) and then
// for the base's readiness (see ReadinessConfig): installs start only after both.
func (r *runner) waitReady(ctx context.Context) error {
	t0 := time.Now()
	err := poll(ctx, 100*time.Millisecond, r.sc.Timeouts.Start, r.base.Exited(), func(ctx context.Context) error {
		cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		return r.cl.Ready(cctx)
	})
	var to *pollTimeout
	switch {
	case errors.Is(err, errExited):
		return errors.New("base exited during start")
	case errors.As(err, &to):
		return fmt.Errorf("health not SUCCESS after %s: %w", r.sc.Timeouts.Start, to.Last)
	case err != nil:
		return err
	}
	desc, check, err := r.readiness()
	if err != nil || check == nil {
		r.readyBy = desc
		return err
	}
	left := max(r.sc.Timeouts.Start-time.Since(t0), time.Second)
	err = poll(ctx, 200*time.Millisecond, left, r.base.Exited(), check)
	switch {
	case errors.Is(err, errExited):
		return fmt.Errorf("base exited before it was ready (waiting for %s)", desc)
	case errors.As(err, &to):
		return fmt.Errorf("arklet answers, but the base was not ready after %s: waiting for %s: %w", r.sc.Timeouts.Start, desc, to.Last)
	case err != nil:
		return err
	}
	r.readyBy = desc
	return nil
}

func (r *runner) modByIdentity(id string) *modState {
	for _, m := range r.mods {
		if m.identity() == id {
			return m
		}
	}
	return nil
}
