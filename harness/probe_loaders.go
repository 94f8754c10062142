package harness

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/kompat/kompat/harness/jcmd"
	"github.com/kompat/kompat/reports"
	"github.com/kompat/kompat/rules"
)

// loaderProbe counts live biz class loaders with a class histogram (confirmed by more GC and
// finalization rounds before anything is reported), names each retained loader's module from
// VM.classloaders and asks the base's leak check, when it has one, what holds it (KP8001 and the
// KP8010-KP8013 registrations it names). A JVM without VM.classloaders (JDK 8, which has it only
// from JDK 11) gets a census from GC.class_histogram and Thread.print alone (see census).
type loaderProbe struct {
	noClassloaders bool            // the JVM answered VM.classloaders as an unknown command
	baseClasses    map[string]bool // without VM.classloaders: classes with live instances before any install
}

// baseline finds out whether the JVM has VM.classloaders and, when it has not, which classes the
// base itself keeps instances of: those never name a module.
func (p *loaderProbe) baseline(ctx context.Context, r *runner) error {
	out, err := r.jcmd(ctx, "VM.classloaders")
	if !jcmd.UnknownCommand(out, err) {
		return nil
	}
	p.noClassloaders = true
	r.progressf("baseline: this JVM has no VM.classloaders (JDK 8): retained loaders are counted with GC.class_histogram and named by live instances of module classes and by threads")
	hist, _ := r.histogram(ctx, "baseline")
	p.baseClasses = map[string]bool{}
	for cls := range hist {
		p.baseClasses[cls] = true
	}
	return nil
}

func (p *loaderProbe) afterCycle(ctx context.Context, r *runner, pc *probeCycle) {
	c, label, stillInstalled, st := pc.cycle, pc.label, pc.stillInstalled, pc.st
	// Live biz loaders and module instances.
	hist, copies := r.histogram(ctx, label)
	alive := int(hist[r.sc.Base.BizClassLoader])
	if alive > stillInstalled {
		// Confirm before accusing: objects only reachable from finalizers or cleaners need
		// another finalization round and collection.
		r.gc(ctx, label, 2)
		hist, copies = r.histogram(ctx, label)
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
	loaderCount := map[*modState]int{} // live loaders of a module, as far as they are known
	unattributed, unknown := 0, 0
	if alive > stillInstalled+r.sc.Thresholds.RetainedLoaders {
		var out string
		var err error
		if !p.noClassloaders {
			out, err = r.jcmd(ctx, "VM.classloaders", "show-classes")
			if jcmd.UnknownCommand(out, err) {
				p.noClassloaders = true
				r.progressf("%s: this JVM has no VM.classloaders (JDK 8): retained loaders are counted with GC.class_histogram", label)
			}
		}
		if p.noClassloaders {
			unknown = p.census(ctx, r, alive-stillInstalled, hist, copies, leak, retainedBy, loaderCount)
		} else if err == nil {
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
				loaderCount[owner]++
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
		if loaderCount[m] > 0 {
			n = loaderCount[m]
		}
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
	if unknown > 0 {
		r.update(ruleLoaderRetained, nil, c, fmt.Sprintf("%d biz class loader(s) alive after uninstall and full GC (after cycle %d); attribution unknown: this JVM has no VM.classloaders", unknown, c),
			fmt.Sprintf("%d live %s instance(s) after %d full GCs and finalization rounds, %d module(s) still installed; %d of them named by live instances of module classes or threads",
				alive, r.sc.Base.BizClassLoader, r.sc.Probes.GCRuns+4, stillInstalled, alive-stillInstalled-unknown),
			"attribution unknown: this JVM has no VM.classloaders (JDK 8), and no live instance of a module class and no thread running module code is left to name the module; run the base on JDK 11+ to name it")
	}
	if unattributed > 0 {
		r.add(ruleLoaderRetained, nil, c, fmt.Sprintf("%d biz class loader(s) alive after uninstall that no module's classes identify", unattributed),
			fmt.Sprintf("%d live %s instance(s), %d module(s) still installed", alive, r.sc.Base.BizClassLoader, stillInstalled))
	}
	pc.leakKinds = leakKinds
}

// census names the modules whose loaders are retained from what a JVM without VM.classloaders
// offers: a module class with live instances (not one the base itself had instances of before
// any install, nor one another module also has) keeps its loader alive, and the histogram shows
// one line per loader that defines it; a thread outside the base's that runs a module's code
// keeps that module's loader alive; so does what the base's leak check names. It fills retainedBy and loaders, and returns how many of the
// retained loaders no module could be named for.
func (p *loaderProbe) census(ctx context.Context, r *runner, retained int, hist map[string]int64, copies map[string]int,
	leak map[string][]string, retainedBy map[*modState][]string, loaders map[*modState]int) int {
	var threads []jcmd.ThreadInfo
	if th, err := r.threadDump(ctx); err == nil {
		for _, t := range th {
			if !r.threads.baseOwned(t) {
				threads = append(threads, t)
			}
		}
	}
	named := 0
	for _, m := range r.mods {
		if m.installed {
			continue
		}
		n := 0
		var inst, ths []string
		for _, cls := range sortedKeys(hist) {
			if !m.jar.Owns(cls) || p.baseClasses[cls] || slices.ContainsFunc(r.mods, func(o *modState) bool { return o != m && o.jar.Owns(cls) }) {
				continue
			}
			n = max(n, copies[cls])
			inst = append(inst, fmt.Sprintf("%s x%d", cls, hist[cls]))
		}
		for _, t := range threads {
			if hasModuleFrame(t, m) {
				n = max(n, 1)
				ths = append(ths, fmt.Sprintf("%q", t.Name))
			}
		}
		if _, ok := leak[m.identity()]; ok {
			n = max(n, 1) // the base's leak check names it (its own evidence line follows)
		}
		if n == 0 {
			continue
		}
		desc := fmt.Sprintf("at least %d live %s of this module (this JVM has no VM.classloaders, so the loaders are not listed): ", n, r.sc.Base.BizClassLoader)
		var by []string
		if len(inst) > 0 {
			by = append(by, "live instances of its classes "+strings.Join(firstN(inst, 4), ", "))
		}
		if len(ths) > 0 {
			by = append(by, "thread(s) running its code "+strings.Join(firstN(ths, 4), ", "))
		}
		if len(by) == 0 {
			by = append(by, "the base's leak check")
		}
		retainedBy[m] = append(retainedBy[m], desc+strings.Join(by, "; "))
		loaders[m] = n
		named += n
	}
	return max(retained-named, 0)
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
