package harness

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/kompat/kompat/harness/arklet"
	"github.com/kompat/kompat/harness/jcmd"
)

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
				if slices.ContainsFunc(th, func(t jcmd.ThreadInfo) bool {
					return r.threads.baseOwned(t) && hasModuleFrame(t, m)
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

func (r *runner) cycle(ctx context.Context, c int) {
	label := fmt.Sprintf("cycle %d/%d", c, r.sc.Cycles)
	r.opDur = 0
	start := time.Now()
	st := cycleStats{Cycle: c, BizClasses: -1}
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
			if len(r.mods) > 1 && (c == 1 || r.attributeNext) {
				r.afterInstall(ctx, m)
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
	} else if list, err := r.cl.QueryAllBiz(ctx); err != nil {
		r.checkFailed("install state check (queryAllBiz lists every installed module as activated)", c, err)
	} else {
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
				r.add(ruleInstallFailed, m, c, fmt.Sprintf("%s answered install SUCCESS but queryAllBiz shows it %s", m.identity(), state))
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
	if list, err := r.cl.QueryAllBiz(ctx); err != nil {
		r.checkFailed("post-uninstall check (queryAllBiz no longer lists an uninstalled module)", c, err)
	} else {
		for _, b := range list {
			for _, m := range r.mods {
				if m.identity() == b.Identity() {
					stillInstalled++
					r.add(ruleUninstallFailed, m, c, fmt.Sprintf("%s is still listed as %s after uninstall", m.identity(), b.BizState))
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
		r.add(ruleBaseDied, nil, c, fmt.Sprintf("the base JVM exited during cycle %d, outside any install or uninstall (%s)", c, exitStatus(r.base)),
			append([]string{"base " + exitStatus(r.base)}, failureLogs(ctx, r.base)...)...)
		r.aborted = "base exited"
	}
	r.stats = append(r.stats, st)
	r.progressf("%s: done, %d module(s), %d loader(s) alive, %d thread(s) survived (install+uninstall %s, checks and probes %s)", label,
		st.ModulesCycling, st.LoadersAlive, st.ThreadsAlive, st.Ops.Round(time.Millisecond), st.Probes.Round(time.Millisecond))
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
