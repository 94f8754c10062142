package harness

import (
	"context"
	"fmt"
	"strings"

	"github.com/kompat/kompat/harness/arklet"
	"github.com/kompat/kompat/harness/jcmd"
)

// The JVM itself loads a few classes in any cycle, module or not: lambda forms and other hidden
// classes spun on demand, reflection accessors, classes of the attach and HTTP paths used for the
// first time (a clean run on a loaded machine showed about 3 per cycle). A growth verdict below
// these floors would judge that noise, so a lower threshold is raised to them.
const (
	minClassGrowth     = 10       // classes per cycle
	minMetaspaceGrowth = 64 << 10 // bytes per cycle
)

// metaspaceProbe reads the health jvm counters and counts the classes of live biz loaders
// (VM.classloader_stats) after every probed cycle and, at the end, flags metaspace or class growth
// in every cycle (KP8003). The biz loaders' own class count is free of JVM noise, so its
// threshold is the scenario's; the base-wide loaded class count, used only when jcmd cannot
// count per loader, is never judged below MinClassGrowth.
type metaspaceProbe struct{}

func (*metaspaceProbe) baseline(context.Context, *runner) error { return nil }

func (*metaspaceProbe) afterCycle(ctx context.Context, r *runner, pc *probeCycle) {
	st := pc.st
	if h, err := r.cl.Health(ctx, arklet.HealthRequest{Type: "system", Metrics: []string{"jvm"}}); err == nil && h.JVM != nil {
		st.UsedMetaspace, st.LoadedClasses, st.UnloadedTotal = h.JVM.UsedMetaspace, h.JVM.LoadedClassCount, h.JVM.UnloadClassCount
		st.UsedHeapM = h.JVM.UsedHeapMemoryM
	}
	if out, err := r.jcmd(ctx, "VM.classloader_stats"); err == nil {
		if stats, ok := jcmd.ParseClassLoaderStats(out); ok {
			st.BizClasses = 0
			for _, l := range stats {
				if l.Type == r.sc.Base.BizClassLoader {
					st.BizClasses += l.Classes
				}
			}
		}
	}
}

// finish flags metaspace or class-count growth in every cycle: at least three probed cycles, and
// growth at or above the threshold from each probed cycle to the next (monotone, never a single
// jump), so the first cycle's one-time loading is never judged on its own.
func (*metaspaceProbe) finish(r *runner) {
	var probed []cycleStats
	for _, s := range r.stats {
		if s.Probed {
			probed = append(probed, s)
		}
	}
	if len(probed) < 3 {
		return
	}
	growsBy := func(get func(cycleStats) float64, min float64) (bool, float64) {
		for i := 1; i < len(probed); i++ {
			if get(probed[i])-get(probed[i-1]) < min*float64(probed[i].Cycle-probed[i-1].Cycle) {
				return false, 0
			}
		}
		last, first := probed[len(probed)-1], probed[0]
		return true, (get(last) - get(first)) / float64(last.Cycle-first.Cycle)
	}
	bizCounted := true
	for _, s := range probed {
		bizCounted = bizCounted && s.BizClasses >= 0
	}
	what := "the classes of live biz loaders grow"
	cls, perC := growsBy(func(s cycleStats) float64 { return float64(s.BizClasses) }, float64(r.sc.Thresholds.ClassGrowthPerCycle))
	if !bizCounted {
		what = "the loaded class count grows"
		cls, perC = growsBy(func(s cycleStats) float64 { return s.LoadedClasses }, float64(max(r.sc.Thresholds.ClassGrowthPerCycle, minClassGrowth)))
	}
	meta, perM := growsBy(func(s cycleStats) float64 { return s.UsedMetaspace }, float64(max(r.sc.Thresholds.MetaspaceGrowthPerCycle, minMetaspaceGrowth)))
	if !cls && !meta {
		return
	}
	var ev []string
	for _, s := range probed {
		line := fmt.Sprintf("after cycle %d: loaded class count %.0f, java used metaspace %.0f bytes, unload class count %.0f, live biz loaders %d",
			s.Cycle, s.LoadedClasses, s.UsedMetaspace, s.UnloadedTotal, s.LoadersAlive)
		if s.BizClasses >= 0 {
			line += fmt.Sprintf(", classes of live biz loaders %d", s.BizClasses)
		}
		ev = append(ev, line)
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
		msg = fmt.Sprintf("after GC %s by about %.0f with every cycle of %s", what, perC, strings.Join(ids, ", "))
	}
	r.add(ruleMetaspaceGrows, nil, 0, msg, ev...)
}
