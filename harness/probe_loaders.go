package harness

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/kompat/kompat/harness/jcmd"
	"github.com/kompat/kompat/reports"
	"github.com/kompat/kompat/rules"
)

// loaderProbe counts live biz class loaders with a class histogram (confirmed by more GC and
// finalization rounds before anything is reported), names each retained loader's module from
// VM.classloaders and asks the base's leak check, when it has one, what holds it (KP8001 and the
// KP8010-KP8013 registrations it names).
type loaderProbe struct{}

func (*loaderProbe) baseline(context.Context, *runner) error { return nil }

func (*loaderProbe) afterCycle(ctx context.Context, r *runner, pc *probeCycle) {
	c, label, stillInstalled, st := pc.cycle, pc.label, pc.stillInstalled, pc.st
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
		resp, err := r.cl.Do(ctx, r.leakCmd, nil, r.sc.Timeouts.Probe)
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
			loaders := jcmd.ParseClassLoaders(out, r.sc.Base.BizClassLoader)
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
	// Confirm with the heap: only strongly held loaders are retained, and the path that holds
	// each one is the evidence.
	heap := r.heapVerdicts(ctx, pc, retainedBy)
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
		n := len(descs)
		pathEv, related := heapEvidence(heap[m])
		if hr := heap[m]; hr != nil {
			n = len(hr.paths)
		}
		ev = append(ev, pathEv...)
		f := r.update(ruleLoaderRetained, m, c, fmt.Sprintf("the class loader of %s is still alive after uninstall and full GC (%d loader(s) of its kind alive after cycle %d)", m.identity(), n, c), ev...)
		f.Related = nil
		for _, p := range related {
			f.Related = append(f.Related, reports.Location{Path: m.jar.Path, Symbol: m.identity() + " loader held by: " + p})
		}
		kinds := leakKinds[m.identity()]
		for kind, rule := range map[string]*rules.Meta{"shutdownhook": ruleShutdownHookLeft, "jdbc": ruleJDBCDriverLeft,
			"mbean": ruleMBeanLeft, "threadlocal": ruleThreadLocalLeft} {
			if texts := kinds[kind]; len(texts) > 0 {
				r.add(rule, m, c, fmt.Sprintf("%s left %s after uninstall, which keeps its class loader alive", m.identity(), texts[0]), texts...)
			}
		}
	}
	if unattributed > 0 {
		r.add(ruleLoaderRetained, nil, c, fmt.Sprintf("%d biz class loader(s) alive after uninstall that no module's classes identify", unattributed),
			fmt.Sprintf("%d live %s instance(s), %d module(s) still installed", alive, r.sc.Base.BizClassLoader, stillInstalled))
	}
	pc.leakKinds = leakKinds
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
