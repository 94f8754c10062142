package harness

import (
	"context"
	"testing"
	"time"

	"github.com/moby/moby/client"

	"github.com/kompat/kompat/harness/arklet"
	"github.com/kompat/kompat/harness/image"
)

// BenchmarkImageBuild measures the reference image build: cold (jlink, libraries, engine build
// without layer cache, under a separate tag that is removed afterwards) and cached (the input hash
// matches the existing image).
func BenchmarkImageBuild(b *testing.B) {
	needDocker(b)
	ctx := context.Background()
	cli, err := image.Engine(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer cli.Close()
	b.Run("cold", func(b *testing.B) {
		const tag = "kompat/refbase:bench-cold"
		defer cli.ImageRemove(ctx, tag, client.ImageRemoveOptions{Force: true, PruneChildren: true})
		var total time.Duration
		for range b.N {
			res, err := image.Ensure(ctx, cli, image.Options{Tag: tag, Force: true})
			if err != nil {
				b.Fatal(err)
			}
			total += res.Duration
		}
		b.ReportMetric(float64(total/time.Duration(b.N))/1e6, "ms/build")
	})
	b.Run("cached", func(b *testing.B) {
		var total time.Duration
		for range b.N {
			res, err := image.Ensure(ctx, cli, image.Options{})
			if err != nil {
				b.Fatal(err)
			}
			if !res.Cached {
				b.Fatal("the default image should have been reused")
			}
			total += res.Duration
		}
		b.ReportMetric(float64(total/time.Duration(b.N))/1e6, "ms/build")
	})
}

// BenchmarkContainerStartToHealthy measures Start (container created and started, module-free
// base listening behind the 127.0.0.1 publish) until arklet health answers SUCCESS; Stop is not
// counted but reported.
func BenchmarkContainerStartToHealthy(b *testing.B) {
	built := needDocker(b)
	ctx := context.Background()
	var start, stop time.Duration
	for range b.N {
		t := time.Now()
		base, err := (&ContainerRuntime{}).Start(ctx, baseSpec{Jar: built.Base, JavaOptions: []string{"-Xmx128m", "-XX:+UseSerialGC"}})
		if err != nil {
			if base != nil {
				base.Stop(ctx)
			}
			b.Fatal(err)
		}
		cl := arklet.New(base.ArkletURL())
		for cl.Ready(ctx) != nil {
			time.Sleep(20 * time.Millisecond)
		}
		start += time.Since(t)
		t = time.Now()
		if err := base.Stop(ctx); err != nil {
			b.Fatal(err)
		}
		stop += time.Since(t)
	}
	n := time.Duration(b.N)
	b.ReportMetric(float64(start/n)/1e6, "ms-start-to-healthy")
	b.ReportMetric(float64(stop/n)/1e6, "ms-stop")
}

// BenchmarkCycleRuntimes runs the same clean module's install/uninstall cycle with the process
// runtime and with the container runtime (first cycle left out), for a side-by-side per-cycle cost;
// "container-exec-jcmd" is the container without the persistent jcmd helper (a jcmd JVM per probe,
// as with an image that is not the reference one).
func BenchmarkCycleRuntimes(b *testing.B) {
	built := needDocker(b)
	for _, rt := range []Runtime{processRuntime{}, &ContainerRuntime{}, &ContainerRuntime{NoJcmdHelper: true}} {
		name := rt.Name()
		if c, ok := rt.(*ContainerRuntime); ok && c.NoJcmdHelper {
			name = "container-exec-jcmd"
		}
		b.Run(name, func(b *testing.B) {
			sc := &Scenario{Name: "bench", Runtime: rt.Name(), Base: BaseConfig{Jar: built.Base, JavaOptions: []string{"-Xmx128m", "-XX:+UseSerialGC"}},
				Modules: []ModuleConfig{{Jar: built.Module("clean")}}, Cycles: max(b.N, 5) + 1}
			res, err := run(context.Background(), sc, options{Runtime: rt})
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
			b.ReportMetric(float64((ops+probes)/k)/1e6, "ms/cycle")
			b.ReportMetric(float64(ops/k)/1e6, "ms-install+uninstall/cycle")
			b.ReportMetric(float64(probes/k)/1e6, "ms-probes/cycle")
			b.ReportMetric(100*float64(probes)/float64(ops+probes), "probe-%")
		})
	}
}
