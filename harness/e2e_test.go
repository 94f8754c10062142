//go:build linux

package harness

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/kompat/kompat/harness/arklet"
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
	processRuntime
	bases []*processBase
}

func (tr *trackingRuntime) Start(ctx context.Context, spec baseSpec) (base, error) {
	b, err := tr.processRuntime.Start(ctx, spec)
	if pb, ok := b.(*processBase); ok {
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

func findingsFor(res *result, module string) map[string]reports.Finding {
	out := map[string]reports.Finding{}
	for _, f := range res.Findings {
		if strings.HasPrefix(f.Location.Symbol, module+":") {
			out[f.RuleID] = f
		}
	}
	return out
}

func dump(t *testing.T, res *result) {
	t.Helper()
	for _, f := range res.Findings {
		t.Logf("%s %s %s: %s", f.RuleID, f.Severity, f.Location.Symbol, f.Message)
		for _, e := range f.Evidence {
			t.Logf("    %s", e)
		}
	}
}

// want is one expected finding: its rule, and strings that its message or evidence must contain.
type want struct {
	rule     string
	contains []string
}

func checkModule(t *testing.T, res *result, module string, wants ...want) {
	t.Helper()
	got := findingsFor(res, module)
	for _, w := range wants {
		f, ok := got[w.rule]
		if !ok {
			t.Errorf("%s: no %s finding", module, w.rule)
			continue
		}
		text := f.Message + "\n" + strings.Join(f.Evidence, "\n")
		for _, c := range w.contains {
			if !strings.Contains(text, c) {
				t.Errorf("%s: %s does not mention %q:\n%s", module, w.rule, c, text)
			}
		}
		if f.Family != "runtime" || f.Fingerprint == "" || f.Slug == "" || f.Fix == "" || f.Location.Path == "" {
			t.Errorf("%s: %s finding incomplete: %+v", module, w.rule, f)
		}
		delete(got, w.rule)
	}
	for id, f := range got {
		t.Errorf("%s: unexpected %s finding: %s", module, id, f.Message)
	}
}

func TestLeakyModulesSideBySide(t *testing.T) {
	t.Parallel()
	b := needJDK(t)
	rt := &trackingRuntime{}
	defer rt.assertGone(t)
	sc := scenario(b, 3, "thread-leak", "executor-leak", "timer-leak", "shutdownhook-leak", "jdbc-leak",
		"mbean-leak", "threadlocal-leak", "sysprop-leak")
	sc.Thresholds.ClassGrowthPerCycle = 1
	var progress strings.Builder
	res, err := run(context.Background(), sc, options{Runtime: rt, Progress: &progress})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if t.Failed() || testing.Verbose() {
			dump(t, res)
		}
	}()
	checkLeakyModules(t, res)
	// The retained loaders keep their classes and metaspace: KP8003 says one or both grow.
	var growth bool
	for _, f := range res.Findings {
		if f.RuleID == "KP8003" && (strings.Contains(f.Message, "classes") || strings.Contains(f.Message, "metaspace")) {
			growth = true
		}
	}
	if !growth {
		t.Error("no KP8003 for classes and metaspace that pile up cycle after cycle")
	}
	if len(res.Cycles) != 3 || res.Cycles[2].LoadersAlive <= res.Cycles[0].LoadersAlive {
		t.Errorf("retained loaders should pile up over cycles: %+v", res.Cycles)
	}
	if !strings.Contains(progress.String(), "cycle 3/3: installed thread-leak:1.0.0") {
		t.Errorf("progress lacks per-module lines:\n%s", progress.String())
	}
}

func TestCleanAndFixedTwinsPass(t *testing.T) {
	t.Parallel()
	b := needJDK(t)
	rt := &trackingRuntime{}
	defer rt.assertGone(t)
	sc := scenario(b, 3, fixedModules...)
	sc.Thresholds.ClassGrowthPerCycle = 1
	res, err := run(context.Background(), sc, options{Runtime: rt})
	if err != nil {
		t.Fatal(err)
	}
	dump(t, res)
	checkCleanRun(t, res)
}

func TestCrashOnStartAndStopFailureBesideClean(t *testing.T) {
	t.Parallel()
	b := needJDK(t)
	rt := &trackingRuntime{}
	defer rt.assertGone(t)
	res, err := run(context.Background(), scenario(b, 2, "clean", "crash-on-start", "stop-fails"), options{Runtime: rt})
	if err != nil {
		t.Fatal(err)
	}
	checkModule(t, res, "crash-on-start", want{"KP8004", []string{"install of crash-on-start:1.0.0 failed",
		"CMD_PROCESS_INTERNAL_ERROR", "required setting 'db.url' is missing", "stack: ", "seen in cycle(s) 1",
		// The base's log files under -Dlogging.path: a real base writes its errors only there.
		"sofa-ark/common-error.log: ", "Start biz: crash-on-start:1.0.0 meet error",
		"sofa-ark/common-error.log: java.lang.IllegalStateException: crash-on-start: required setting 'db.url' is missing",
		"sofa-arklet/common-error.log: ", "installBiz crash-on-start:1.0.0 failed", "log: [kompat] "}})
	checkModule(t, res, "stop-fails", want{"KP8005", []string{"uninstall of stop-fails:1.0.0 failed",
		"cannot flush the outbox on shutdown", "seen in cycle(s) 1",
		"sofa-ark/common-error.log: ", "Stop biz: stop-fails:1.0.0 meet error"}})
	checkModule(t, res, "clean")
	if len(res.Cycles) != 2 || res.Cycles[1].ModulesCycling != 1 {
		t.Errorf("the crashing module must stop cycling while clean goes on: %+v", res.Cycles)
	}
}

func TestHangOnStartTimesOut(t *testing.T) {
	t.Parallel()
	b := needJDK(t)
	rt := &trackingRuntime{}
	defer rt.assertGone(t)
	checkHangTimesOut(t, b, rt)
}

// checkHangTimesOut installs hang-on-start with a 1.5 s install timeout on the runtime and asserts
// the KP8007 verdict with the hanging frame, and that the run stopped.
func checkHangTimesOut(t *testing.T, b *fixtures.Built, rt Runtime) {
	t.Helper()
	sc := scenario(b, 3, "hang-on-start")
	sc.Timeouts.Install = 1500 * time.Millisecond
	res, err := run(context.Background(), sc, options{Runtime: rt})
	if err != nil {
		t.Fatal(err)
	}
	checkModule(t, res, "hang-on-start", want{"KP8007", []string{"did not finish within 1.5s",
		"kompat.modules.hangonstart.Main.main(Main.java", "waiting for a config server"}})
	if res.Aborted == "" {
		t.Error("a timed-out install must stop the run")
	}
}

func TestReinstallCheckWithOneCycle(t *testing.T) {
	t.Parallel()
	b := needJDK(t)
	rt := &trackingRuntime{}
	defer rt.assertGone(t)
	res, err := run(context.Background(), scenario(b, 1, "mbean-leak"), options{Runtime: rt})
	if err != nil {
		t.Fatal(err)
	}
	checkModule(t, res, "mbean-leak", want{"KP8001", nil}, want{"KP8012", nil},
		want{"KP8006", []string{"InstanceAlreadyExistsException"}})
}

func TestInterruptKillsBase(t *testing.T) {
	t.Parallel()
	b := needJDK(t)
	rt := &trackingRuntime{}
	ctx, cancel := context.WithCancel(context.Background())
	sc := scenario(b, 3, "hang-on-start")
	// An install timeout no test waits out: only the cancel can end this run.
	sc.Timeouts.Install = time.Hour
	var progress syncBuffer
	go func() {
		for !strings.Contains(progress.String(), "base ready") {
			time.Sleep(20 * time.Millisecond)
		}
		time.Sleep(300 * time.Millisecond) // inside the hanging install
		cancel()
	}()
	_, err := run(ctx, sc, options{Runtime: rt, Progress: &progress})
	if err == nil || !strings.Contains(err.Error(), "interrupted") || !errors.Is(err, context.Canceled) {
		t.Fatalf("want an interrupted error, got %v", err)
	}
	rt.assertGone(t)
}

func TestBaseThatDoesNotStart(t *testing.T) {
	t.Parallel()
	b := needJDK(t)
	rt := &trackingRuntime{}
	sc := scenario(b, 1, "clean")
	sc.Base.Command = []string{"{java}", "-cp", "{jar}", "kompat.refbase.NoSuchMain"}
	sc.Timeouts.Start = 20 * time.Second
	_, err := run(context.Background(), sc, options{Runtime: rt})
	if err == nil || !strings.Contains(err.Error(), "exited") || !strings.Contains(err.Error(), "NoSuchMain") {
		t.Fatalf("want an error with the base's exit and log, got %v", err)
	}
	rt.assertGone(t)
}

type syncBuffer struct {
	mu sync.Mutex
	sb strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sb.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sb.String()
}

// TestReferenceBaseSpeaksArklet drives the reference base directly with the arklet client: the
// shapes and quirks the harness relies on must be those of the real arklet.
func TestReferenceBaseSpeaksArklet(t *testing.T) {
	t.Parallel()
	built := needJDK(t)
	ctx := context.Background()
	base, err := processRuntime{}.Start(ctx, baseSpec{Jar: built.Base})
	if base != nil {
		defer func() {
			if err := base.Stop(ctx); err != nil {
				t.Error(err)
			}
			if base.(*processBase).GroupAlive() {
				t.Error("base still alive")
			}
		}()
	}
	if err != nil {
		t.Fatal(err)
	}
	cl := arklet.New(base.ArkletURL())
	for deadline := time.Now().Add(30 * time.Second); cl.Ready(ctx) != nil; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("reference base never ready")
		}
	}
	h, err := cl.Health(ctx, arklet.HealthRequest{})
	if err != nil || h.JVM == nil || h.JVM.LoadedClassCount < 100 || h.JVM.UsedMetaspace <= 0 || h.MasterBizInfo.BizState != "activated" {
		t.Fatalf("health: %+v %v", h, err)
	}
	if ok, _ := cl.Supports(ctx, "batchInstallBiz"); !ok {
		t.Fatal("help lacks batchInstallBiz")
	}
	urls := map[string]string{}
	var reqs []arklet.InstallRequest
	for _, m := range []string{"clean", "thread-fixed"} {
		u, err := base.PutModule(ctx, built.Module(m))
		if err != nil {
			t.Fatal(err)
		}
		urls[m] = u
		reqs = append(reqs, arklet.InstallRequest{BizName: m, BizVersion: fixtures.BizVersion, BizURL: u})
	}
	res, err := cl.BatchInstallBiz(ctx, reqs)
	if err != nil || len(res) != 2 || res[urls["clean"]].Code != "SUCCESS" {
		t.Fatalf("batch install: %+v %v", res, err)
	}
	list, err := cl.QueryAllBiz(ctx)
	if err != nil || len(list) != 2 || list[0].BizState != "activated" || list[1].Identity() != "thread-fixed:1.0.0" {
		t.Fatalf("queryAllBiz: %+v %v", list, err)
	}
	_, err = cl.InstallBiz(ctx, reqs[0])
	var ce *arklet.CommandError
	if !errors.As(err, &ce) || ce.Code != "FAILED" || ce.DataCode != "REPEAT_BIZ" {
		t.Fatalf("duplicate install: %v", err)
	}
	for _, m := range []string{"clean", "thread-fixed"} {
		if gone, err := cl.UninstallBiz(ctx, m, fixtures.BizVersion); gone || err != nil {
			t.Fatalf("uninstall %s: %v %v", m, gone, err)
		}
	}
	if gone, err := cl.UninstallBiz(ctx, "clean", fixtures.BizVersion); !gone || err != nil {
		t.Fatalf("second uninstall must be NOT_FOUND_BIZ (gone): %v %v", gone, err)
	}
	// Uninstall removed both unpacked copies; the refused duplicate's copy stays, as a real
	// base's doInstallBiz leaves it.
	if ents, _ := base.BizDirEntries(ctx); len(ents) != 1 || !strings.HasPrefix(ents[0], "clean-1.0.0-") || !strings.HasSuffix(ents[0], "-unpack") {
		t.Errorf("biz dir after uninstall: %v, want only the REPEAT_BIZ install's unpacked copy", ents)
	}
	r, err := cl.Do(ctx, "leakCheck", nil, 0)
	if err != nil || r.Code != "CMD_NOT_FOUND" || len(r.Extra) != 1 {
		t.Fatalf("unknown command: %+v %v", r, err)
	}
	// A body that is not a JSON object gets no answer at all, as in arklet.
	req, _ := http.NewRequest(http.MethodPost, base.ArkletURL()+"/queryAllBiz", strings.NewReader("[1,2]"))
	hc := &http.Client{Timeout: 500 * time.Millisecond}
	if resp, err := hc.Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("malformed body answered with %d", resp.StatusCode)
	}
	if resp, err := http.Get(base.ArkletURL() + "/health"); err != nil || resp.StatusCode != 500 {
		t.Fatalf("GET: %v %v", resp, err)
	} else {
		if resp.Header.Get("Content-Length") != "" {
			t.Error("the reference base must not send Content-Length (arklet does not)")
		}
		resp.Body.Close()
	}
	out, err := base.Jcmd(ctx, "VM.version")
	if err != nil || !strings.Contains(out, "JDK") {
		t.Fatalf("jcmd: %q %v", out, err)
	}
}

func TestProbeEveryOtherCycle(t *testing.T) {
	t.Parallel()
	b := needJDK(t)
	rt := &trackingRuntime{}
	defer rt.assertGone(t)
	sc := scenario(b, 5, "timer-leak")
	sc.Probes.Every = 2
	res, err := run(context.Background(), sc, options{Runtime: rt})
	if err != nil {
		t.Fatal(err)
	}
	var probed []int
	for _, c := range res.Cycles {
		if c.Probed {
			probed = append(probed, c.Cycle)
		}
	}
	if joinInts(probed) != "2, 4, 5" {
		t.Errorf("probed cycles %v, want 2, 4, 5", probed)
	}
	checkModule(t, res, "timer-leak", want{"KP8001", []string{"seen in cycle(s) 2, 4, 5"}},
		want{"KP8002", []string{"timer-leak-timer", "seen in cycle(s) 2, 4, 5"}})
	if n := res.Cycles[4].LoadersAlive; n != 5 {
		t.Errorf("after 5 cycles %d timer-leak loaders alive, want 5", n)
	}
}

func TestExitOnStartKillsBase(t *testing.T) {
	t.Parallel()
	b := needJDK(t)
	rt := &trackingRuntime{}
	defer rt.assertGone(t)
	res, err := run(context.Background(), scenario(b, 3, "clean", "exit-on-start"), options{Runtime: rt})
	if err != nil {
		t.Fatal(err)
	}
	checkModule(t, res, "exit-on-start", want{"KP8014", []string{"exited during install of exit-on-start:1.0.0 (exit code 3)", "halting the JVM",
		"sofa-ark/common-default.log: ", "Begin to start biz: exit-on-start:1.0.0"}})
	checkModule(t, res, "clean")
	if res.Aborted != "base exited" || len(res.Cycles) != 0 {
		t.Errorf("aborted %q after %d cycles; want the run to stop in cycle 1", res.Aborted, len(res.Cycles))
	}
}

// leftoverRuntime wraps the process runtime so that the biz dir seems to keep an unpacked copy:
// the reference base always deletes its copies, a real base may not.
type leftoverRuntime struct{ processRuntime }

type leftoverBase struct{ base }

func (r leftoverRuntime) Start(ctx context.Context, spec baseSpec) (base, error) {
	b, err := r.processRuntime.Start(ctx, spec)
	if b == nil {
		return nil, err
	}
	return leftoverBase{b}, err
}

func (b leftoverBase) BizDirEntries(ctx context.Context) ([]string, error) {
	ents, err := b.base.BizDirEntries(ctx)
	return append(ents, "clean-1.0.0-20260101000000000-unpack"), err
}

func TestTempDirLeftIsReported(t *testing.T) {
	t.Parallel()
	b := needJDK(t)
	res, err := run(context.Background(), scenario(b, 1, "clean", "thread-fixed"), options{Runtime: leftoverRuntime{}})
	if err != nil {
		t.Fatal(err)
	}
	checkModule(t, res, "clean", want{"KP8008", []string{"1 unpacked copy(ies) of clean:1.0.0", "clean-1.0.0-20260101000000000-unpack"}})
	checkModule(t, res, "thread-fixed")
}

// noJcmdRuntime stands for a base that cannot be probed with jcmd (an image without it).
type noJcmdRuntime struct{ processRuntime }

type noJcmdBase struct{ base }

func (r noJcmdRuntime) Start(ctx context.Context, spec baseSpec) (base, error) {
	b, err := r.processRuntime.Start(ctx, spec)
	if b == nil {
		return nil, err
	}
	return noJcmdBase{b}, err
}

func (noJcmdBase) Jcmd(context.Context, ...string) (string, error) {
	return "", fmt.Errorf("jcmd: %w: not in this base", errProbeUnavailable)
}

func TestWithoutJcmdLifecycleAndLeakCheckStillRun(t *testing.T) {
	t.Parallel()
	b := needJDK(t)
	var progress syncBuffer
	res, err := run(context.Background(), scenario(b, 2, "clean", "jdbc-leak"), options{Runtime: noJcmdRuntime{}, Progress: &progress})
	if err != nil {
		t.Fatal(err)
	}
	checkModule(t, res, "jdbc-leak", want{"KP8001", []string{"jcmd unavailable", "held by: JDBC driver"}},
		want{"KP8011", []string{"kompat.modules.jdbcleak.InMemoryDriver"}})
	checkModule(t, res, "clean")
	if len(res.Notices) != 1 || res.Notices[0].Code != noticeProbesUnavailable {
		t.Errorf("notices: %+v", res.Notices)
	}
	if n := strings.Count(progress.String(), "probes unavailable"); n != 1 {
		t.Errorf("the missing jcmd should be said once, not %d times:\n%s", n, progress.String())
	}
}

// checkLeakyModules asserts the verdict and evidence each leaky fixture must get, whatever the
// runtime: the process and the container suites share it.
func checkLeakyModules(t *testing.T, res *result) {
	t.Helper()
	loader := want{"KP8001", []string{"biz:", "still alive", "held by: ", "after cycle 3", "reference path (heap dump): "}}
	// with adds the strong reference path from a GC root, read from a heap dump of the base.
	with := func(path string) want {
		return want{"KP8001", append(append([]string{}, loader.contains...), path)}
	}
	checkModule(t, res, "thread-leak", with("reference path (heap dump): thread 'thread-leak-poller' (context loader)"),
		want{"KP8002", []string{`"thread-leak-poller"`, "kompat.modules.threadleak.Main.poll(Main.java", "RL-01"}})
	checkModule(t, res, "executor-leak", loader,
		want{"KP8002", []string{`"pool-`, "executor worker, RL-02", "LockSupport.park"}})
	checkModule(t, res, "timer-leak", loader,
		want{"KP8002", []string{`"timer-leak-timer"`, "java.util.TimerThread.mainLoop", "RL-03"}})
	checkModule(t, res, "shutdownhook-leak", loader,
		want{"KP8010", []string{"shutdown hook thread 'shutdownhook-leak-hook'"}})
	checkModule(t, res, "jdbc-leak", with("reference path (heap dump): static field java.sql.DriverManager.registeredDrivers -> java.util.concurrent.CopyOnWriteArrayList.array -> java.lang.Object[]["),
		want{"KP8011", []string{"kompat.modules.jdbcleak.InMemoryDriver registered with DriverManager"}})
	checkModule(t, res, "mbean-leak", loader,
		want{"KP8012", []string{"MBean kompat.modules:type=Counter,module=mbean-leak"}},
		want{"KP8006", []string{"InstanceAlreadyExistsException", "does not install again", "seen in cycle(s) 2"}})
	checkModule(t, res, "threadlocal-leak", with("-> its field threadLocals -> java.lang.ThreadLocal$ThreadLocalMap.table"),
		want{"KP8013", []string{"kompat.modules.threadlocalleak.Main$RequestContext on thread 'nioEventLoopGroup-3-"}})
	checkModule(t, res, "sysprop-leak",
		want{"KP8009", []string{`kompat.base.mode: "base" -> "sysprop-leak"`}})
}

// fixedModules are the clean module and every leak's fixed twin: they must pass.
var fixedModules = []string{"clean", "thread-fixed", "executor-fixed", "timer-fixed", "shutdownhook-fixed",
	"jdbc-fixed", "mbean-fixed", "threadlocal-fixed", "sysprop-fixed"}

// checkCleanRun asserts that the fixed modules ran 3 cycles with no verdict, no retained loader
// and no surviving thread, whatever the runtime.
func checkCleanRun(t *testing.T, res *result) {
	t.Helper()
	if len(res.Findings) != 0 {
		t.Errorf("clean and fixed modules gave %d finding(s)", len(res.Findings))
	}
	if len(res.Cycles) != 3 {
		t.Fatalf("ran %d cycles, want 3", len(res.Cycles))
	}
	for _, c := range res.Cycles {
		if c.LoadersAlive != 0 || c.ThreadsAlive != 0 || c.ModulesCycling != len(fixedModules) {
			t.Errorf("cycle %d: %d loaders, %d threads alive, %d modules cycled; want 0, 0, %d", c.Cycle, c.LoadersAlive, c.ThreadsAlive, c.ModulesCycling, len(fixedModules))
		}
	}
}

// startedRuntime hands each process base it starts to the test.
type startedRuntime struct {
	trackingRuntime
	started chan *processBase
}

func (sr *startedRuntime) Start(ctx context.Context, spec baseSpec) (base, error) {
	b, err := sr.trackingRuntime.Start(ctx, spec)
	if pb, ok := b.(*processBase); ok {
		sr.started <- pb
	}
	return b, err
}

func TestBaseKilledFromOutsideNamesTheSignal(t *testing.T) {
	t.Parallel()
	b := needJDK(t)
	rt := &startedRuntime{started: make(chan *processBase, 1)}
	defer rt.assertGone(t)
	sc := scenario(b, 2, "hang-on-start")
	// An install timeout no test waits out: the dead base itself must end the install.
	sc.Timeouts.Install = time.Hour
	killed := make(chan error, 1)
	go func() {
		pb := <-rt.started
		for {
			logs, _ := pb.Logs(context.Background())
			if strings.Contains(logs, "[hang-on-start] waiting") {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		killed <- syscall.Kill(pb.PID(), syscall.SIGKILL)
	}()
	res, err := run(context.Background(), sc, options{Runtime: rt})
	if kerr := <-killed; kerr != nil {
		t.Fatalf("kill the base: %v", kerr)
	}
	if err != nil {
		t.Fatal(err)
	}
	checkModule(t, res, "hang-on-start", want{"KP8014", []string{"exited during install of hang-on-start:1.0.0 (killed by signal SIGKILL (9))",
		"base killed by signal SIGKILL (9)"}})
}
