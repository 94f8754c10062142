package harness

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/moby/moby/client"

	"github.com/kompat/kompat/harness/arklet"
	"github.com/kompat/kompat/harness/fixtures"
	"github.com/kompat/kompat/harness/image"
)

// TestMain runs the package's tests, then asserts that no container, network or volume created
// by this test process (harness label + owner label) is left in the engine.
func TestMain(m *testing.M) {
	code := m.Run()
	if cli, err := image.Engine(context.Background()); err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		host, _ := os.Hostname()
		owner := map[string]string{labelOwner: host + ":" + strconv.Itoa(os.Getpid())}
		left, err := ListHarnessResources(ctx, cli, owner)
		switch {
		case err != nil:
			fmt.Fprintf(os.Stderr, "FAIL: list harness resources after the suite: %v\n", err)
			code = 1
		case left.Count() > 0:
			fmt.Fprintf(os.Stderr, "FAIL: %d harness resource(s) left after the suite: %s\n", left.Count(), left)
			_, _ = Cleanup(ctx, cli, CleanupOptions{All: true, Labels: owner})
			code = 1
		}
		cancel()
		cli.Close()
	}
	os.Exit(code)
}

var (
	dockerOnce sync.Once
	dockerErr  error
)

// needDocker skips (one line) where no Docker engine answers, and fails instead when
// KOMPAT_REQUIRE_DOCKER=1 (CI). It also builds the reference image once when it is missing.
func needDocker(t testing.TB) *fixtures.Built {
	t.Helper()
	b := needJDK(t)
	dockerOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		cli, err := image.Engine(ctx)
		if err != nil {
			dockerErr = err
			return
		}
		defer cli.Close()
		if _, err := image.Ensure(ctx, cli, image.Options{}); err != nil {
			dockerErr = fmt.Errorf("build the reference image: %w", err)
		}
	})
	if dockerErr != nil {
		if errors.Is(dockerErr, image.ErrNoEngine) && os.Getenv("KOMPAT_REQUIRE_DOCKER") != "1" {
			t.Skipf("container runtime tests need a Docker engine: %v", dockerErr)
		}
		t.Fatalf("container runtime: %v", dockerErr)
	}
	return b
}

// trackingContainers remembers the bases it started so a test can assert they are gone.
type trackingContainers struct {
	ContainerRuntime
	mu    sync.Mutex
	bases []*containerBase
}

func (tr *trackingContainers) Start(ctx context.Context, spec baseSpec) (base, error) {
	b, err := tr.ContainerRuntime.Start(ctx, spec)
	if cb, ok := b.(*containerBase); ok {
		tr.mu.Lock()
		tr.bases = append(tr.bases, cb)
		tr.mu.Unlock()
	}
	return b, err
}

func (tr *trackingContainers) last() *containerBase {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	if len(tr.bases) == 0 {
		return nil
	}
	return tr.bases[len(tr.bases)-1]
}

// assertGone checks through the engine that nothing labelled with the started runs remains.
func (tr *trackingContainers) assertGone(t *testing.T) {
	t.Helper()
	cli, err := image.Engine(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	tr.mu.Lock()
	defer tr.mu.Unlock()
	if len(tr.bases) == 0 {
		t.Fatal("no base was started")
	}
	for _, b := range tr.bases {
		left, err := ListHarnessResources(context.Background(), cli, map[string]string{image.LabelRun: b.RunID()})
		if err != nil {
			t.Fatal(err)
		}
		if left.Count() > 0 {
			t.Errorf("run %s left %s", b.RunID(), left)
		}
	}
}

func TestContainerBaseBasics(t *testing.T) {
	t.Parallel()
	built := needDocker(t)
	ctx := context.Background()
	rt := &trackingContainers{ContainerRuntime: ContainerRuntime{ExtraPorts: []int{8080}}}
	defer rt.assertGone(t)
	base, err := rt.Start(ctx, baseSpec{Jar: built.Base, JavaOptions: []string{"-Xmx96m", "-XX:+UseSerialGC"}})
	if base != nil {
		defer func() {
			if err := base.Stop(ctx); err != nil {
				t.Error(err)
			}
			if err := base.Stop(ctx); err != nil {
				t.Errorf("second Stop: %v", err)
			}
			select {
			case <-base.Exited():
			default:
				t.Error("Exited not closed after Stop")
			}
		}()
	}
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(base.ArkletURL(), "http://127.0.0.1:") {
		t.Fatalf("arklet not on 127.0.0.1: %s", base.ArkletURL())
	}
	if ep := base.(*containerBase).Endpoint(8080); !strings.HasPrefix(ep, "http://127.0.0.1:") {
		t.Errorf("extra port not published on 127.0.0.1: %q", ep)
	}
	// Every publish is on 127.0.0.1, as the engine sees it.
	cli, err := image.Engine(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	ins, err := cli.ContainerInspect(ctx, base.(*containerBase).ContainerID(), client.ContainerInspectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(ins.Container.NetworkSettings.Ports); n != 2 {
		t.Errorf("want 2 published ports, got %d: %v", n, ins.Container.NetworkSettings.Ports)
	}
	for p, bs := range ins.Container.NetworkSettings.Ports {
		for _, b := range bs {
			if b.HostIP.String() != "127.0.0.1" {
				t.Errorf("port %s published on %s, not 127.0.0.1", p, b.HostIP)
			}
		}
	}
	cl := arklet.New(base.ArkletURL())
	for deadline := time.Now().Add(30 * time.Second); cl.Ready(ctx) != nil; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("base in the container never ready")
		}
	}
	u, err := base.PutModule(ctx, built.Module("clean"))
	if err != nil || !strings.HasPrefix(u, "file:///kompat/modules/") {
		t.Fatalf("put module: %q %v", u, err)
	}
	if _, err := cl.InstallBiz(ctx, arklet.InstallRequest{BizName: "clean", BizVersion: fixtures.BizVersion, BizURL: u}); err != nil {
		t.Fatalf("install in the container: %v", err)
	}
	ents, err := base.BizDirEntries(ctx)
	if err != nil || len(ents) != 1 || !strings.HasPrefix(ents[0], "clean-1.0.0-") {
		t.Errorf("biz dir while installed: %v %v", ents, err)
	}
	if gone, err := cl.UninstallBiz(ctx, "clean", fixtures.BizVersion); gone || err != nil {
		t.Fatalf("uninstall: %v %v", gone, err)
	}
	if ents, err := base.BizDirEntries(ctx); err != nil || len(ents) != 0 {
		t.Errorf("biz dir after uninstall: %v %v", ents, err)
	}
	out, err := base.Jcmd(ctx, "VM.version")
	if err != nil || !strings.Contains(out, "JDK") || strings.HasPrefix(out, "1:") {
		t.Fatalf("jcmd: %q %v", out, err)
	}
	// Long answers arrive whole (the histogram ends with its Total line).
	if out, err := base.Jcmd(ctx, "GC.class_histogram"); err != nil || len(out) < 8192 || !strings.Contains(out, "\nTotal ") {
		t.Fatalf("histogram through the helper cut short: %d bytes, %v", len(out), err)
	}
	if helper, exec := base.(*containerBase).JcmdCalls(); helper != 2 || exec != 0 {
		t.Errorf("the reference image's jcmd helper should have answered: helper %d, exec %d", helper, exec)
	}
	// Without the helper, the same command through docker exec jcmd.
	rt2 := &trackingContainers{ContainerRuntime: ContainerRuntime{NoJcmdHelper: true}}
	defer rt2.assertGone(t)
	base2, err := rt2.Start(ctx, baseSpec{Jar: built.Base, JavaOptions: []string{"-Xmx96m", "-XX:+UseSerialGC"}})
	if base2 != nil {
		defer base2.Stop(ctx)
	}
	if err != nil {
		t.Fatal(err)
	}
	if out, err := base2.Jcmd(ctx, "VM.version"); err != nil || !strings.Contains(out, "JDK") || strings.HasPrefix(out, "1:") {
		t.Fatalf("exec jcmd: %q %v", out, err)
	}
	if _, err := base2.Jcmd(ctx, "No.such_command"); err == nil {
		t.Error("a failing jcmd command must be an error")
	}
	if helper, exec := base2.(*containerBase).JcmdCalls(); helper != 0 || exec != 2 {
		t.Errorf("NoJcmdHelper: helper %d, exec %d", helper, exec)
	}
	if _, err := base.Jcmd(ctx, "No.such_command"); err == nil || !strings.Contains(err.Error(), "No.such_command") {
		t.Errorf("a failing command through the helper must be an error naming it: %v", err)
	}
	logs, err := base.Logs(ctx)
	if err != nil || !strings.Contains(logs, "[refbase] http tunnel listening") {
		t.Errorf("logs: %q %v", logs, err)
	}
}

func TestContainerConfigRuntime(t *testing.T) {
	needDocker(t)
	t.Setenv(envContainerPID, "base.jar")
	r, err := ContainerConfig{HostPort: 40123, Jcmd: "-", ExtraPorts: []int{8080}}.Runtime(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if r.HostPort != 40123 || r.Jcmd != "-" || r.PID != "base.jar" || len(r.ExtraPorts) != 1 || r.Name() != "container" {
		t.Errorf("config not applied: %+v", r)
	}
	if _, err := (ContainerConfig{Bridge: "sometimes"}).Runtime(context.Background()); err == nil {
		t.Error("a bad bridge value must be an error")
	}
	t.Setenv(envContainerHostPort, "http")
	if _, err := newContainerRuntime(context.Background()); err == nil || !strings.Contains(err.Error(), envContainerHostPort) {
		t.Errorf("a bad %s must be an error naming it: %v", envContainerHostPort, err)
	}
}
