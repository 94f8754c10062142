package harness

import (
	"strings"
	"testing"
)

// growthRun gives the metaspace verdict probed cycles whose loaded class count and used
// metaspace rise by the given steps, with the scenario's thresholds at their lowest.
func growthRun(classSteps []float64, metaSteps []float64) *runner {
	return growthRunBiz(classSteps, metaSteps, nil)
}

// growthRunBiz also gives the classes of live biz loaders per step (nil: unknown, as without jcmd).
func growthRunBiz(classSteps, metaSteps []float64, bizSteps []int) *runner {
	sc := &Scenario{Name: "growth"}
	sc.Thresholds.ClassGrowthPerCycle, sc.Thresholds.MetaspaceGrowthPerCycle = 1, 1
	r := &runner{sc: sc, found: map[string]*pending{}, mods: []*modState{{jar: &bizJar{Name: "m", Version: "1"}}}}
	cls, meta := 2000.0, 5e6
	biz := -1
	if bizSteps != nil {
		biz = 0
	}
	r.stats = append(r.stats, cycleStats{Cycle: 1, Probed: true, LoadedClasses: cls, UsedMetaspace: meta, BizClasses: biz})
	for i := range classSteps {
		cls, meta = cls+classSteps[i], meta+metaSteps[i]
		if bizSteps != nil {
			biz += bizSteps[i]
		}
		r.stats = append(r.stats, cycleStats{Cycle: i + 2, Probed: true, LoadedClasses: cls, UsedMetaspace: meta, BizClasses: biz})
	}
	(&metaspaceProbe{}).finish(r)
	return r
}

func TestMetaspaceVerdictIgnoresJVMNoise(t *testing.T) {
	// A clean run on a loaded machine: the JVM's own few classes per cycle, monotone.
	if r := growthRun([]float64{3, 3, 4}, []float64{4000, 3000, 5000}); len(r.found) != 0 {
		t.Errorf("JVM noise judged as growth: %v", r.order)
	}
	// Retained loaders: a dozen module classes per cycle.
	r := growthRun([]float64{16, 12}, []float64{180e3, 113e3})
	p := r.found["KP8003|growth|"]
	if p == nil || !strings.Contains(p.f.Message, "classes and") {
		t.Fatalf("no KP8003 for classes and metaspace that pile up: %v", r.order)
	}
	// Growth that stops once is not growth in every cycle.
	if r := growthRun([]float64{40, 0, 40}, []float64{0, 0, 0}); len(r.found) != 0 {
		t.Errorf("a pause in growth still gave %v", r.order)
	}
	// With the biz loaders' own count, JVM noise is out of the picture: a few retained module
	// classes per cycle are growth, and a clean run (no biz classes left) is none.
	r = growthRunBiz([]float64{-2, 1}, []float64{1000, 1000}, []int{4, 4})
	if p := r.found["KP8003|growth|"]; p == nil || !strings.Contains(p.f.Message, "the classes of live biz loaders grow by about 4") {
		t.Fatalf("no KP8003 for biz classes that pile up: %v", r.order)
	}
	if r := growthRunBiz([]float64{3, 3, 4}, []float64{4000, 3000, 5000}, []int{0, 0, 0}); len(r.found) != 0 {
		t.Errorf("JVM noise judged as growth with the biz count at zero: %v", r.order)
	}
}
