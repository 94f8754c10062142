package harness

import (
	"context"
	"errors"

	"github.com/kompat/kompat/harness/jcmd"
	"github.com/kompat/kompat/reports"
)

// A probe measures one kind of leftover in the base. It takes its baseline once, before the
// first install, and checks the base after every probed cycle, when every module is uninstalled
// and the JVM has been collected.
type probe interface {
	// baseline records the base's own state; an error stops the run (unless jcmd itself turned
	// out to be unavailable, see runner.noJcmd).
	baseline(ctx context.Context, r *runner) error
	// afterCycle turns what is left after a cycle into findings and numbers in pc.st.
	afterCycle(ctx context.Context, r *runner, pc *probeCycle)
}

// installObserver is a probe that attributes changes to the module just installed (sequential
// installs of several modules only).
type installObserver interface {
	afterInstall(ctx context.Context, r *runner, m *modState)
}

// finalVerdict is a probe that judges the whole run once every cycle is done.
type finalVerdict interface {
	finish(r *runner)
}

// probeCycle is what the probes of one cycle share.
type probeCycle struct {
	cycle          int
	label          string
	stillInstalled int // modules queryAllBiz still lists after the uninstalls
	st             *cycleStats
	// leakKinds is the base's leak check by module identity and reason kind ("thread",
	// "shutdownhook", ...), filled by the loader probe for the probes after it.
	leakKinds map[string]map[string][]string
}

// newProbes returns the probes in the order they run after a cycle: the loader census first (its
// leak check helps the thread probe name owners), the file system last.
func newProbes(r *runner) []probe {
	r.threads = newThreadProbe(r.sc)
	return []probe{&loaderProbe{}, r.threads, newPropertyProbe(r.sc), &metaspaceProbe{}, &bizDirProbe{}}
}

// noticeProbesUnavailable is the notice code for a base that cannot be probed with jcmd.
const noticeProbesUnavailable = "KP9801"

func (r *runner) jcmd(ctx context.Context, args ...string) (string, error) {
	if r.noJcmd != nil {
		return "", r.noJcmd
	}
	cctx, cancel := context.WithTimeout(ctx, r.sc.Timeouts.Probe)
	defer cancel()
	out, err := r.base.Jcmd(cctx, args...)
	if errors.Is(err, errProbeUnavailable) {
		// The base cannot be probed at all (e.g. an image without jcmd): lifecycle checks,
		// health counters, the biz dir and the base's own leak check still run.
		r.noJcmd = err
		r.progressf("jcmd probes unavailable, continuing without them: %v", err)
		r.notices = append(r.notices, reports.Notice{Code: noticeProbesUnavailable, Level: reports.NoticeWarning,
			Path: r.sc.Base.Jar, Message: "jcmd probes unavailable (no loader counts, thread or system property diffs): " + err.Error()})
	}
	return out, err
}

func (r *runner) threadDump(ctx context.Context) ([]jcmd.ThreadInfo, error) {
	out, err := r.jcmd(ctx, "Thread.print")
	if err != nil {
		return nil, err
	}
	return jcmd.ParseThreadDump(out), nil
}

func (r *runner) sysProps(ctx context.Context) (map[string]string, error) {
	out, err := r.jcmd(ctx, "VM.system_properties")
	if err != nil {
		return nil, err
	}
	return jcmd.ParseSystemProperties(out), nil
}

// baseline collects the base and lets every probe take its baseline. Without jcmd the probes
// that need it are left with empty baselines.
func (r *runner) baseline(ctx context.Context) error {
	r.gc(ctx, "baseline", r.sc.Probes.GCRuns)
	for _, p := range r.probes {
		err := p.baseline(ctx, r)
		if r.noJcmd != nil {
			return nil
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// afterInstall lets the probes that attribute changes see the base after m's install.
func (r *runner) afterInstall(ctx context.Context, m *modState) {
	for _, p := range r.probes {
		if o, ok := p.(installObserver); ok {
			o.afterInstall(ctx, r, m)
		}
	}
}

// probe runs every probe after cycle c.
func (r *runner) probe(ctx context.Context, c int, label string, stillInstalled int, st *cycleStats) {
	r.gc(ctx, label, r.sc.Probes.GCRuns)
	pc := &probeCycle{cycle: c, label: label, stillInstalled: stillInstalled, st: st}
	for _, p := range r.probes {
		p.afterCycle(ctx, r, pc)
	}
	// The per-install snapshots that pin new threads and properties on one module cost two jcmd
	// calls per install: after the first cycle they run only while something is left over (a
	// verdict in this cycle, or a thread outside the baseline). A run clean so far skips them.
	r.attributeNext = st.ThreadsAlive > 0
	for _, p := range r.found {
		if len(p.cycles) > 0 && p.cycles[len(p.cycles)-1] == c {
			r.attributeNext = true
		}
	}
}

// finish lets the probes that judge the whole run give their verdicts.
func (r *runner) finish() {
	for _, p := range r.probes {
		if f, ok := p.(finalVerdict); ok {
			f.finish(r)
		}
	}
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

// histogram runs GC.class_histogram (itself a full GC) and returns live instances per class, and
// per class name how many classes of that name have live instances (see jcmd.ParseHistogramCopies).
func (r *runner) histogram(ctx context.Context, label string) (map[string]int64, map[string]int) {
	out, err := r.jcmd(ctx, "GC.class_histogram")
	if err != nil {
		if r.noJcmd == nil {
			r.progressf("%s: GC.class_histogram: %v", label, err)
		}
		return map[string]int64{}, map[string]int{}
	}
	return jcmd.ParseHistogram(out), jcmd.ParseHistogramCopies(out)
}
