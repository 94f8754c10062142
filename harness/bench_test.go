//go:build linux

package harness

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/kompat/kompat/harness/fixtures"
)

// BenchmarkCycleClean measures one install/uninstall cycle of the clean module on the reference
// base, alone, four and twenty copies side by side, and the share of the cycle that is the harness's own
// overhead: everything but the installBiz/uninstallBiz calls (state checks with queryAllBiz, the
// full GC and class histogram, thread dump, system properties, health, biz dir listing, and the
// per-install attribution snapshots when several modules share the base). The base start is not
// counted; the first (warm-up) cycle is left out of the averages.
func BenchmarkCycleClean(b *testing.B) {
	built := needJDK(b)
	for _, bc := range []struct{ n, every int }{{1, 1}, {4, 1}, {20, 1}, {1, 10}, {4, 10}} {
		n := bc.n
		b.Run(fmt.Sprintf("modules=%d/probe-every=%d", n, bc.every), func(b *testing.B) {
			sc := &Scenario{Name: "bench", Base: BaseConfig{Jar: built.Base, JavaOptions: []string{"-Xmx128m", "-XX:+UseSerialGC"}}}
			for i := range n {
				jar := built.Module("clean")
				if n > 1 {
					jar = filepath.Join(b.TempDir(), fmt.Sprintf("clean-%d.jar", i))
					if err := fixtures.RenameBizJar(built.Module("clean"), jar, fmt.Sprintf("clean-%d", i)); err != nil {
						b.Fatal(err)
					}
				}
				sc.Modules = append(sc.Modules, ModuleConfig{Jar: jar})
			}
			sc.Cycles = max(b.N, 5) + 1
			sc.Probes.Every = bc.every
			res, err := run(context.Background(), sc, options{})
			if err != nil {
				b.Fatal(err)
			}
			if len(res.Findings) != 0 || len(res.Cycles) != sc.Cycles {
				b.Fatalf("clean cycles gave %d findings, %d cycles", len(res.Findings), len(res.Cycles))
			}
			var ops, probes time.Duration
			for _, c := range res.Cycles[1:] {
				ops += c.Ops
				probes += c.Probes
			}
			k := time.Duration(len(res.Cycles) - 1)
			total := ops + probes
			b.ReportMetric(float64(total/k), "ns/op")
			b.ReportMetric(float64(total/k)/1e6, "ms/cycle")
			b.ReportMetric(float64(ops/k)/1e6, "ms-install+uninstall/cycle")
			b.ReportMetric(float64(probes/k)/1e6, "ms-overhead/cycle")
			b.ReportMetric(100*float64(probes)/float64(total), "overhead-%")
		})
	}
}
