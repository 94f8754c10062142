//go:build linux

package harness

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/kompat/kompat/harness/fixtures"
)

// scaleScenario installs n copies of the clean module side by side (clean-01 ... clean-n) for
// the given cycles.
func scaleScenario(t testing.TB, b *fixtures.Built, n, cycles int) *Scenario {
	sc := scenario(b, cycles)
	dir := t.TempDir()
	for i := 1; i <= n; i++ {
		name := fmt.Sprintf("clean-%02d", i)
		jar := filepath.Join(dir, name+".jar")
		if err := fixtures.RenameBizJar(b.Module("clean"), jar, name); err != nil {
			t.Fatal(err)
		}
		sc.Modules = append(sc.Modules, ModuleConfig{Jar: jar})
	}
	return sc
}

// checkScale asserts a clean scale run: every cycle cycled every module, no verdict, and each
// probed cycle carries its probe cost and the base's heap and metaspace, in the report too.
func checkScale(t *testing.T, sc *Scenario, res *result, n, cycles int) {
	t.Helper()
	if len(res.Findings) != 0 {
		dump(t, res)
		t.Errorf("%d clean modules gave %d finding(s)", n, len(res.Findings))
	}
	if len(res.Cycles) != cycles {
		t.Fatalf("ran %d cycles, want %d (aborted: %q)", len(res.Cycles), cycles, res.Aborted)
	}
	for _, c := range res.Cycles {
		if c.ModulesCycling != n || c.LoadersAlive != 0 || c.ThreadsAlive != 0 {
			t.Errorf("cycle %d: %d modules cycled, %d loaders and %d threads alive; want %d, 0, 0", c.Cycle, c.ModulesCycling, c.LoadersAlive, c.ThreadsAlive, n)
		}
		if c.Probed && (c.Probes <= 0 || c.Ops <= 0 || c.UsedHeapM <= 0 || c.UsedMetaspace <= 0 || c.LoadedClasses <= 0) {
			t.Errorf("cycle %d lacks its numbers: %+v", c.Cycle, c)
		}
	}
	run := res.ReportRun(sc)
	if run.Modules != n || len(run.Cycles) != cycles || run.Cycles[cycles-1].MetaspaceUsedBytes <= 0 || run.Cycles[cycles-1].HeapUsedBytes <= 0 {
		t.Errorf("report run: %+v", run)
	}
}

// TestScaleTwentyByTwenty: 20 modules side by side over 20 cycles on the reference base complete
// clean, with every cycle's numbers (BenchmarkCycleClean/modules=20 measures the cost).
func TestScaleTwentyByTwenty(t *testing.T) {
	t.Parallel()
	b := needJDK(t)
	rt := &trackingRuntime{}
	defer rt.assertGone(t)
	sc := scaleScenario(t, b, 20, 20)
	sc.Base.JavaOptions = []string{"-Xmx256m", "-XX:+UseSerialGC", "-Xshare:auto"}
	res, err := run(context.Background(), sc, options{Runtime: rt})
	if err != nil {
		t.Fatal(err)
	}
	checkScale(t, sc, res, 20, 20)
	for _, c := range res.Cycles {
		t.Logf("cycle %2d: ops %s probes %s heap %.1f MiB metaspace %.1f MiB classes %.0f", c.Cycle, c.Ops, c.Probes, c.UsedHeapM, c.UsedMetaspace/(1<<20), c.LoadedClasses)
	}
}
