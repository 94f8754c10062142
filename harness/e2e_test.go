package harness

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/kompat/kompat/harness/fixtures"
	"github.com/kompat/kompat/reports"
)

// needJDK skips when there is no JDK; everything else in these tests runs for real.
func needJDK(t testing.TB) *fixtures.Built {
	t.Helper()
	for _, tool := range []string{"java", "javac"} {
		if _, err := exec.LookPath(tool); err != nil && os.Getenv("JAVA_HOME") == "" {
			t.Skipf("no %s on PATH: the end-to-end harness tests need a JDK 17+", tool)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	b, err := fixtures.Default(ctx)
	if err != nil {
		t.Fatalf("build fixtures: %v", err)
	}
	return b
}

// trackingRuntime remembers the bases it started so a test can assert none is left running.
type trackingRuntime struct {
	ProcessRuntime
	bases []*ProcessBase
}

func (tr *trackingRuntime) Start(ctx context.Context, spec BaseSpec) (Base, error) {
	b, err := tr.ProcessRuntime.Start(ctx, spec)
	if pb, ok := b.(*ProcessBase); ok {
		tr.bases = append(tr.bases, pb)
	}
	return b, err
}

func (tr *trackingRuntime) assertGone(t *testing.T) {
	t.Helper()
	if len(tr.bases) == 0 {
		t.Fatal("no base was started")
	}
	for _, b := range tr.bases {
		if b.GroupAlive() {
			t.Errorf("base process group %d is still alive after the run", b.PID())
		}
	}
}

func scenario(b *fixtures.Built, cycles int, modules ...string) *Scenario {
	sc := &Scenario{Name: "test", Base: BaseConfig{Jar: b.Base, JavaOptions: []string{"-Xmx128m", "-XX:+UseSerialGC", "-Xshare:auto"}}, Cycles: cycles}
	for _, m := range modules {
		sc.Modules = append(sc.Modules, ModuleConfig{Jar: b.Module(m)})
	}
	return sc
}

func findingsFor(res *Result, module string) map[string]reports.Finding {
	out := map[string]reports.Finding{}
	for _, f := range res.Findings {
		if strings.HasPrefix(f.Location.Symbol, module+":") {
			out[f.RuleID] = f
		}
	}
	return out
}

func dump(t *testing.T, res *Result) {
	t.Helper()
	for _, f := range res.Findings {
		t.Logf("%s %s %s: %s", f.RuleID, f.Severity, f.Location.Symbol, f.Message)
		for _, e := range f.Evidence {
			t.Logf("    %s", e)
		}
	}
}

func TestLeakyModulesSideBySide(t *testing.T) {
	b := needJDK(t)
	rt := &trackingRuntime{}
	defer rt.assertGone(t)
	sc := scenario(b, 3, "thread-leak", "executor-leak", "timer-leak", "shutdownhook-leak", "jdbc-leak",
		"mbean-leak", "threadlocal-leak", "sysprop-leak")
	sc.Thresholds.ClassGrowthPerCycle = 1
	var progress strings.Builder
	res, err := Run(context.Background(), sc, Options{Runtime: rt, Progress: &progress})
	if err != nil {
		t.Fatal(err)
	}
	t.Log(progress.String())
	dump(t, res)
}
