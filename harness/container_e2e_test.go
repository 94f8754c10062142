package harness

import (
	"context"
	"errors"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/moby/moby/client"

	"github.com/kompat/kompat/harness/arklet"
	"github.com/kompat/kompat/harness/image"
)

// The process runtime's end-to-end suite (e2e_test.go), run again with the base in a container of
// the reference image, plus what only containers have: a killed container, a busy host port, an
// image without jcmd, a missing image.

func TestContainerLeakyModulesSideBySide(t *testing.T) {
	t.Parallel()
	b := needDocker(t)
	rt := &trackingContainers{}
	defer rt.assertGone(t)
	sc := scenario(b, 3, "thread-leak", "executor-leak", "timer-leak", "shutdownhook-leak", "jdbc-leak",
		"mbean-leak", "threadlocal-leak", "sysprop-leak")
	sc.Runtime = "container"
	sc.Thresholds.ClassGrowthPerCycle = 1
	var progress syncBuffer
	res, err := run(context.Background(), sc, options{Runtime: rt, Progress: &progress})
	if err != nil {
		t.Fatal(err)
	}
	if t.Failed() || testing.Verbose() {
		dump(t, res)
	}
	checkLeakyModules(t, res)
	if len(res.Cycles) != 3 || res.Cycles[2].LoadersAlive <= res.Cycles[0].LoadersAlive {
		t.Errorf("retained loaders should pile up over cycles: %+v", res.Cycles)
	}
	if !strings.Contains(progress.String(), "base ready at http://127.0.0.1:") {
		t.Errorf("progress lacks the 127.0.0.1 arklet URL:\n%s", progress.String())
	}
}

func TestContainerCleanAndFixedTwinsPass(t *testing.T) {
	t.Parallel()
	b := needDocker(t)
	rt := &trackingContainers{}
	defer rt.assertGone(t)
	sc := scenario(b, 3, fixedModules...)
	sc.Runtime = "container"
	sc.Thresholds.ClassGrowthPerCycle = 1
	res, err := run(context.Background(), sc, options{Runtime: rt})
	if err != nil {
		t.Fatal(err)
	}
	dump(t, res)
	checkCleanRun(t, res)
}

// The base's event loops start in the container's JVM too, from the warm-up before the baseline.
func TestContainerLeakedEventLoopThreadIsReported(t *testing.T) {
	t.Parallel()
	b := needDocker(t)
	rt := &trackingContainers{}
	defer rt.assertGone(t)
	sc := scenario(b, 2, "eventloop-leak", "clean")
	sc.Runtime = "container"
	var progress syncBuffer
	res, err := run(context.Background(), sc, options{Runtime: rt, Progress: &progress})
	if err != nil {
		t.Fatal(err)
	}
	checkLeakedEventLoop(t, res, progress.String())
}

func TestContainerCrashAndHang(t *testing.T) {
	t.Parallel()
	b := needDocker(t)
	t.Run("crash-on-start", func(t *testing.T) {
		rt := &trackingContainers{}
		defer rt.assertGone(t)
		sc := scenario(b, 2, "clean", "crash-on-start")
		res, err := run(context.Background(), sc, options{Runtime: rt})
		if err != nil {
			t.Fatal(err)
		}
		checkModule(t, res, "crash-on-start", want{"KP8004", []string{"install of crash-on-start:1.0.0 failed",
			"CMD_PROCESS_INTERNAL_ERROR", "required setting 'db.url' is missing", "stack: ", "seen in cycle(s) 1",
			// sofa-ark's log files under {logdir} inside the container, read through the engine.
			"sofa-ark/common-error.log: ", "Start biz: crash-on-start:1.0.0 meet error"}})
		checkModule(t, res, "clean")
		if len(res.Cycles) != 2 || res.Cycles[1].ModulesCycling != 1 {
			t.Errorf("the crashing module must stop cycling while clean goes on: %+v", res.Cycles)
		}
	})
	t.Run("hang-on-start", func(t *testing.T) {
		rt := &trackingContainers{}
		defer rt.assertGone(t)
		checkHangTimesOut(t, b, rt)
	})
}

// waitProgress blocks until the progress output contains s.
func waitProgress(t *testing.T, p *syncBuffer, s string, max time.Duration) bool {
	t.Helper()
	for deadline := time.Now().Add(max); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if strings.Contains(p.String(), s) {
			return true
		}
	}
	t.Errorf("progress never showed %q:\n%s", s, p.String())
	return false
}

func TestContainerInterruptRemovesContainer(t *testing.T) {
	t.Parallel()
	b := needDocker(t)
	rt := &trackingContainers{}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sc := scenario(b, 3, "hang-on-start")
	// An install timeout no test waits out: only the cancel can end this run.
	sc.Timeouts.Install = time.Hour
	var progress syncBuffer
	go func() {
		if waitProgress(t, &progress, "base ready", 2*time.Minute) {
			time.Sleep(500 * time.Millisecond) // inside the hanging install
		}
		cancel()
	}()
	_, err := run(ctx, sc, options{Runtime: rt, Progress: &progress})
	if err == nil || !strings.Contains(err.Error(), "interrupted") || !errors.Is(err, context.Canceled) {
		t.Fatalf("want an interrupted error, got %v", err)
	}
	rt.assertGone(t)
}

func TestContainerBaseKilledMidInstall(t *testing.T) {
	t.Parallel()
	b := needDocker(t)
	rt := &trackingContainers{}
	defer rt.assertGone(t)
	sc := scenario(b, 2, "hang-on-start")
	// An install timeout no test waits out: the dead base itself must end the install.
	sc.Timeouts.Install = time.Hour
	var progress syncBuffer
	killed := make(chan error, 1)
	go func() {
		if !waitProgress(t, &progress, "base ready", 2*time.Minute) {
			killed <- errors.New("base never ready")
			return
		}
		// Kill once the module's main runs: the install is in flight and will never return.
		for deadline := time.Now().Add(time.Minute); ; time.Sleep(50 * time.Millisecond) {
			logs, _ := rt.last().Logs(context.Background())
			if strings.Contains(logs, "[hang-on-start] waiting") {
				break
			}
			if time.Now().After(deadline) {
				killed <- errors.New("the install never started")
				return
			}
		}
		cli, err := image.Engine(context.Background())
		if err != nil {
			killed <- err
			return
		}
		defer cli.Close()
		_, err = cli.ContainerKill(context.Background(), rt.last().ContainerID(), client.ContainerKillOptions{Signal: "KILL"})
		killed <- err
	}()
	res, err := run(context.Background(), sc, options{Runtime: rt, Progress: &progress})
	if kerr := <-killed; kerr != nil {
		t.Fatalf("kill the base container: %v", kerr)
	}
	if err != nil {
		t.Fatalf("a base killed mid-install must give a finding, not a run error: %v", err)
	}
	dump(t, res)
	f, ok := findingsFor(res, "hang-on-start")["KP8014"]
	if !ok {
		t.Fatalf("no KP8014 (base died) for the module being installed when the container was killed")
	}
	if !strings.Contains(f.Message, "exited during install") || !strings.Contains(f.Message, "exit code 137 (killed by signal SIGKILL (9))") {
		t.Errorf("KP8014 message: %s", f.Message)
	}
	if res.Aborted == "" {
		t.Error("a dead base must stop the run")
	}
}

func TestContainerHostPortTaken(t *testing.T) {
	t.Parallel()
	b := needDocker(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	port := l.Addr().(*net.TCPAddr).Port
	rt := &trackingContainers{ContainerRuntime: ContainerRuntime{HostPort: port}}
	_, err = run(context.Background(), scenario(b, 1, "clean"), options{Runtime: rt})
	if err == nil || !strings.Contains(err.Error(), "127.0.0.1:"+strconv.Itoa(port)) || !strings.Contains(err.Error(), "already in use") {
		t.Fatalf("want a clear busy-port error, got %v", err)
	}
	// The busy port is found before anything is created in the engine.
	if base := rt.last(); base != nil {
		t.Errorf("a container was started for a busy host port")
		rt.assertGone(t)
	}
}

func TestContainerWithoutJcmd(t *testing.T) {
	t.Parallel()
	b := needDocker(t)
	ctx := context.Background()
	rt := &trackingContainers{ContainerRuntime: ContainerRuntime{Jcmd: "/opt/none/bin/jcmd"}}
	defer rt.assertGone(t)
	base, err := rt.Start(ctx, baseSpec{Jar: b.Base, JavaOptions: []string{"-Xmx96m", "-XX:+UseSerialGC"}})
	if base != nil {
		defer base.Stop(ctx)
	}
	if err != nil {
		t.Fatal(err)
	}
	for range 2 { // the second call answers from what the first learned
		_, err := base.Jcmd(ctx, "GC.run")
		if !errors.Is(err, errProbeUnavailable) {
			t.Fatalf("jcmd without jcmd in the image: want ErrProbeUnavailable, got %v", err)
		}
	}
	// Lifecycle verification still works.
	cl := arklet.New(base.ArkletURL())
	for deadline := time.Now().Add(30 * time.Second); cl.Ready(ctx) != nil; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("never ready")
		}
	}
	u, err := base.PutModule(ctx, b.Module("clean"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cl.InstallBiz(ctx, arklet.InstallRequest{BizName: "clean", BizVersion: "1.0.0", BizURL: u}); err != nil {
		t.Fatal(err)
	}
	if gone, err := cl.UninstallBiz(ctx, "clean", "1.0.0"); gone || err != nil {
		t.Fatal(gone, err)
	}
	if ents, err := base.BizDirEntries(ctx); err != nil || len(ents) != 0 {
		t.Errorf("biz dir: %v %v", ents, err)
	}
}

func TestContainerBaseThatDoesNotStart(t *testing.T) {
	t.Parallel()
	b := needDocker(t)
	rt := &trackingContainers{}
	sc := scenario(b, 1, "clean")
	sc.Base.Command = []string{"{java}", "-cp", "{jar}", "kompat.refbase.NoSuchMain"}
	sc.Timeouts.Start = 30 * time.Second
	_, err := run(context.Background(), sc, options{Runtime: rt})
	if err == nil || !strings.Contains(err.Error(), "exited") || !strings.Contains(err.Error(), "NoSuchMain") {
		t.Fatalf("want an error with the base's exit and log, got %v", err)
	}
	rt.assertGone(t)
}

func TestContainerMissingImage(t *testing.T) {
	t.Parallel()
	b := needDocker(t)
	rt := &trackingContainers{ContainerRuntime: ContainerRuntime{Image: "kompat/no-such-image:0"}}
	_, err := run(context.Background(), scenario(b, 1, "clean"), options{Runtime: rt})
	if err == nil || !strings.Contains(err.Error(), "not in the local engine, and nothing is pulled") {
		t.Fatalf("want a clear missing-image error, got %v", err)
	}
}

func TestPickPID(t *testing.T) {
	for _, tc := range []struct{ out, name, want string }{
		{"1 /opt/kompat/base.jar\n26 jdk.jcmd/sun.tools.jcmd.JCmd -l\n", "", "1"},
		{"7 org.springframework.boot.loader.JarLauncher\n30 jdk.jcmd/sun.tools.jcmd.JCmd -l\n", "", "7"},
		{"1 sh-wrapper.jar\n9 /app/base.jar\n", "base.jar", "9"},
		{"5 a.jar\n1 b.jar\n", "", "1"},
		{"", "", "1"},
	} {
		got, err := pickPID(tc.out, tc.name)
		if err != nil || got != tc.want {
			t.Errorf("pickPID(%q, %q) = %q %v, want %q", tc.out, tc.name, got, err, tc.want)
		}
	}
	if _, err := pickPID("1 a.jar\n", "nomatch"); err == nil {
		t.Error("an unmatched process name must be an error")
	}
}

func TestContainerWithoutJcmdRunStillVerifiesLifecycle(t *testing.T) {
	t.Parallel()
	b := needDocker(t)
	rt := &trackingContainers{ContainerRuntime: ContainerRuntime{Jcmd: "/opt/none/bin/jcmd"}}
	defer rt.assertGone(t)
	var progress syncBuffer
	res, err := run(context.Background(), scenario(b, 2, "clean", "jdbc-leak"), options{Runtime: rt, Progress: &progress})
	if err != nil {
		t.Fatal(err)
	}
	checkModule(t, res, "jdbc-leak", want{"KP8001", []string{"jcmd unavailable", "held by: JDBC driver"}},
		want{"KP8011", []string{"kompat.modules.jdbcleak.InMemoryDriver"}})
	checkModule(t, res, "clean")
	if len(res.Notices) != 1 || res.Notices[0].Code != noticeProbesUnavailable || !strings.Contains(res.Notices[0].Message, "/opt/none/bin/jcmd is not in the image") {
		t.Errorf("want one probes-unavailable notice naming the missing jcmd, got %+v", res.Notices)
	}
	if len(res.Cycles) != 2 || res.Cycles[1].ModulesCycling != 2 {
		t.Errorf("lifecycle cycles must still run: %+v", res.Cycles)
	}
}

// TestContainerImageOwnCommand stands for a prebuilt base image that starts itself (its own CMD)
// with the base JVM found by process name and probed through docker exec jcmd.
func TestContainerImageOwnCommand(t *testing.T) {
	t.Parallel()
	needDocker(t)
	ctx := context.Background()
	rt := &trackingContainers{ContainerRuntime: ContainerRuntime{UseImageCommand: true, PID: "base.jar", NoJcmdHelper: true}}
	defer rt.assertGone(t)
	base, err := rt.Start(ctx, baseSpec{})
	if base != nil {
		defer base.Stop(ctx)
	}
	if err != nil {
		t.Fatal(err)
	}
	cl := arklet.New(base.ArkletURL())
	for deadline := time.Now().Add(30 * time.Second); cl.Ready(ctx) != nil; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("never ready")
		}
	}
	out, err := base.Jcmd(ctx, "VM.command_line")
	if err != nil || !strings.Contains(out, image.BaseJar) {
		t.Fatalf("jcmd against the JVM named base.jar: %q %v", out, err)
	}
	if _, exec := base.(*containerBase).JcmdCalls(); exec != 1 {
		t.Errorf("want the command through docker exec jcmd, got %d exec(s)", exec)
	}
}
