package harness

import (
	"context"
	"fmt"
	"regexp"
	"runtime"
	"strings"

	"github.com/kompat/kompat/harness/arklet"
	"github.com/kompat/kompat/harness/jcmd"
	"github.com/kompat/kompat/reports"
)

// threadProbe diffs Thread.print against the pre-install baseline: threads a module started and
// that still run after its uninstall are KP8002, attributed by the base's leak check, the
// module's own frames, the install after which they appeared, or the only module.
type threadProbe struct {
	ignore []*regexp.Regexp
	base   map[string]bool      // thread keys of the baseline
	by     map[string]*modState // thread key -> the module after whose install it appeared
	seen   map[string]bool      // thread keys a probe already saw left over: no later install claims them
}

func newThreadProbe(sc *Scenario) *threadProbe {
	p := &threadProbe{base: map[string]bool{}, by: map[string]*modState{}, seen: map[string]bool{}}
	for _, re := range append(append([]string{}, defaultIgnoreThreads...), sc.Probes.IgnoreThreads...) {
		p.ignore = append(p.ignore, regexp.MustCompile(re))
	}
	return p
}

func (p *threadProbe) baseline(ctx context.Context, r *runner) error {
	r.warmUp(ctx)
	th, err := r.threadDump(ctx)
	if err != nil {
		return err
	}
	for _, t := range th {
		p.base[t.Key()] = true
	}
	return nil
}

// baseOwned reports whether t belongs to the base: in the baseline or ignored by name.
func (p *threadProbe) baseOwned(t jcmd.ThreadInfo) bool { return p.base[t.Key()] || p.ignored(t.Name) }

func (p *threadProbe) ignored(name string) bool {
	for _, re := range p.ignore {
		if re.MatchString(name) {
			return true
		}
	}
	return false
}

func (p *threadProbe) afterInstall(ctx context.Context, r *runner, m *modState) {
	if th, err := r.threadDump(ctx); err == nil {
		for _, t := range th {
			if !p.base[t.Key()] && p.by[t.Key()] == nil && !p.seen[t.Key()] && !p.ignored(t.Name) {
				p.by[t.Key()] = m
			}
		}
	}
}

func (p *threadProbe) afterCycle(ctx context.Context, r *runner, pc *probeCycle) {
	c, st, leakKinds := pc.cycle, pc.st, pc.leakKinds
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
		byMod := map[*modState][]jcmd.ThreadInfo{}
		var orphans []jcmd.ThreadInfo
		for _, t := range th {
			if p.base[t.Key()] || p.ignored(t.Name) {
				continue
			}
			st.ThreadsAlive++
			p.seen[t.Key()] = true
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
				owner = p.by[t.Key()]
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
			r.add(ruleThreadSurvived, m, c, fmt.Sprintf("%d thread(s) started by %s still run after its uninstall: %s", len(ts), m.identity(), strings.Join(firstN(names, 4), ", ")), ev...)
		}
		if len(orphans) > 0 {
			var ev []string
			for _, t := range orphans {
				ev = append(ev, fmt.Sprintf("thread %q %s: %s", t.Name, t.State, t.TopFrames(6)))
			}
			// No module is named: a weaker verdict than a thread with a module's frames.
			f := r.add(ruleThreadSurvived, nil, c, fmt.Sprintf("%d thread(s) not in the pre-install baseline still run after every module was uninstalled, and no module could be named", len(orphans)), ev...)
			f.Severity, f.Confidence = reports.SeverityMedium, reports.ConfidenceLow
		}
	}
}

// warmUp opens enough arklet connections, one after the other, that every event loop of the
// base's arklet exists before the thread baseline. Arklet's Netty server (NioEventLoopGroup() in
// NettyHttpServer) has 2 x cores event loops, hands each new connection to the next one and
// starts a loop's thread with its first connection, and every arklet answer closes its
// connection: 2 x cores calls start them all. The core count is the larger of what the base's
// health reports and this machine's.
func (r *runner) warmUp(ctx context.Context) int {
	cores := runtime.NumCPU()
	if h, err := r.cl.Health(ctx, arklet.HealthRequest{Type: "system", Metrics: []string{"cpu"}}); err == nil {
		if n, ok := h.CPU["count"].(float64); ok && int(n) > cores {
			cores = int(n)
		}
	}
	n := min(2*cores, 512)
	for i := 0; i < n && ctx.Err() == nil; i++ {
		if _, err := r.cl.Do(ctx, "help", nil, 0); err != nil {
			r.progressf("warm-up: %v", err)
			return i
		}
	}
	r.progressf("warmed up %d arklet connection(s) before the thread baseline", n)
	return n
}

func hasModuleFrame(t jcmd.ThreadInfo, m *modState) bool {
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

func threadKind(t jcmd.ThreadInfo) string {
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
