package harness

import (
	"archive/tar"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/network"
	"github.com/moby/moby/client"
	"github.com/testcontainers/testcontainers-go"
	tcexec "github.com/testcontainers/testcontainers-go/exec"

	"github.com/kompat/kompat/harness/image"
)

// containerBase is a base started by ContainerRuntime.
type containerBase struct {
	ctr       *testcontainers.DockerContainer
	cli       *client.Client
	runID     string
	arklet    string
	bizDir    string
	jcmd      string
	jcmdOpts  []string
	pidSpec   string
	keep      bool
	logFile   string
	portURLs  map[int]string
	exited    chan struct{}
	exitCode  int
	exitErr   error
	waitStop  context.CancelFunc
	mu        sync.Mutex
	pid       string
	noJcmd    error
	modules   int
	finalLogs string
	helperCP  string
	session   *jcmdSession
	// helperFailures counts broken jcmd helper sessions; at two the helper is not tried again.
	helperFailures int
	helperCalls    int
	execCalls      int
	stopOnce       sync.Once
	stopErr        error
}

const (
	baseJarPath  = "/kompat/base.jar"
	modulesDir   = "/kompat/modules"
	defaultArk   = 1238
	stopDeadline = 30 * time.Second
)

var defaultJcmdOptions = []string{"-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC", "-J-Xshare:auto", "-J-XX:-UsePerfData"}

// Start implements Runtime.
func (r *ContainerRuntime) Start(ctx context.Context, spec baseSpec) (base, error) {
	if spec.Jar == "" && len(spec.Command) == 0 && !r.UseImageCommand {
		return nil, errors.New("start base: no base jar and no command")
	}
	cli, err := image.Engine(ctx)
	if err != nil {
		return nil, fmt.Errorf("start base: %w", err)
	}
	closeCli := true
	defer func() {
		if closeCli {
			cli.Close()
		}
	}()
	img, labels, err := r.resolveImage(ctx, cli, spec)
	if err != nil {
		return nil, fmt.Errorf("start base: %w", err)
	}
	port := spec.ArkletPort
	if port == 0 {
		port = defaultArk
	}
	if r.HostPort != 0 {
		l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(r.HostPort)))
		if err != nil {
			return nil, fmt.Errorf("start base: cannot publish arklet port %d on 127.0.0.1:%d: the host port is already in use (%w); pick another host port or leave it to the engine", port, r.HostPort, err)
		}
		l.Close()
	}
	runID := newRunID()
	bizDir := r.BizDir
	if bizDir == "" {
		bizDir = "/tmp/sofa-ark"
	}
	java := r.Java
	if java == "" {
		java = "java"
	}
	jar := ""
	if spec.Jar != "" {
		jar = baseJarPath
	}
	httpPort := spec.HTTPPort
	if httpPort == 0 {
		httpPort = 8080 // the container's own network: no other base shares it
	}
	argv := expandCommand(spec, map[string]string{"jar": jar, "port": strconv.Itoa(port),
		"httpport": strconv.Itoa(httpPort), "bizdir": bizDir, "logdir": containerLogDir, "java": java})
	bindings := network.PortMap{}
	exposed := []string{}
	for i, p := range append([]int{port}, r.ExtraPorts...) {
		cp, err := network.ParsePort(strconv.Itoa(p) + "/tcp")
		if err != nil {
			return nil, fmt.Errorf("start base: %w", err)
		}
		hp := ""
		if i == 0 && r.HostPort != 0 {
			hp = strconv.Itoa(r.HostPort)
		}
		bindings[cp] = []network.PortBinding{{HostIP: netip.MustParseAddr("127.0.0.1"), HostPort: hp}}
		exposed = append(exposed, cp.String())
	}
	opts := []testcontainers.ContainerCustomizer{
		testcontainers.WithLabels(harnessLabels(runID)),
		testcontainers.WithExposedPorts(exposed...),
		testcontainers.WithHostConfigModifier(func(hc *container.HostConfig) { hc.PortBindings = bindings }),
		testcontainers.WithEnv(spec.Env),
		testcontainers.WithName("kompat-base-" + runID),
	}
	if !r.UseImageCommand {
		opts = append(opts, testcontainers.WithEntrypoint(argv[0]), testcontainers.WithCmd(argv[1:]...))
	}
	if spec.Jar != "" {
		abs, err := filepath.Abs(spec.Jar)
		if err != nil {
			return nil, fmt.Errorf("start base: %w", err)
		}
		if _, err := os.Stat(abs); err != nil {
			return nil, fmt.Errorf("start base: %w", err)
		}
		opts = append(opts, testcontainers.WithFiles(testcontainers.ContainerFile{HostFilePath: abs, ContainerFilePath: baseJarPath, FileMode: 0o644}))
	}
	ctr, err := testcontainers.Run(ctx, img, opts...)
	if ctr == nil {
		// Nothing to hand back; a container may still exist if the engine created it before the
		// error reached us, so sweep by this run's label.
		sweepRun(context.WithoutCancel(ctx), cli, runID)
		return nil, fmt.Errorf("start base: %w", explainStartErr(err, r.HostPort))
	}
	b := &containerBase{ctr: ctr, cli: cli, runID: runID, bizDir: bizDir, keep: r.Keep, logFile: spec.LogFile,
		exited: make(chan struct{}), pidSpec: r.PID, portURLs: map[int]string{}}
	closeCli = false
	b.jcmdOpts = r.JcmdOptions
	if b.jcmdOpts == nil {
		b.jcmdOpts = defaultJcmdOptions
	}
	switch b.jcmd = r.Jcmd; {
	case b.jcmd == "-":
		b.noJcmd = fmt.Errorf("jcmd: %w: the container runtime was told the image has no jcmd", errProbeUnavailable)
	case b.jcmd == "" && labels[image.LabelJcmd] != "":
		b.jcmd = labels[image.LabelJcmd]
	case b.jcmd == "":
		b.jcmd = "jcmd"
	}
	if r.Jcmd == "" && !r.NoJcmdHelper {
		b.helperCP = labels[image.LabelHelper]
	}
	wctx, wcancel := context.WithCancel(context.WithoutCancel(ctx))
	b.waitStop = wcancel
	go b.watch(wctx)
	if err != nil {
		return b, fmt.Errorf("start base: %w", explainStartErr(err, r.HostPort))
	}
	for _, p := range append([]int{port}, r.ExtraPorts...) {
		mp, err := ctr.MappedPort(ctx, strconv.Itoa(p)+"/tcp")
		if err != nil {
			return b, fmt.Errorf("start base: port %d not published: %w", p, err)
		}
		b.portURLs[p] = "http://127.0.0.1:" + strconv.Itoa(int(mp.Num()))
	}
	b.arklet = b.portURLs[port]
	bridge := r.Bridge
	if bridge == "" {
		bridge = "auto"
	}
	if bp := labels[image.LabelBridge]; bridge == "on" || (bridge == "auto" && bp != "") {
		if err := b.startBridge(ctx, labels, port); err != nil {
			// a base that dies at once makes the engine's exec fail too: say that it exited
			if b.exitedSoon(ctx, bridgeExitGrace) {
				return b, fmt.Errorf("start base: base exited before its arklet port opened (exit code %d); the loopback bridge could not start in it: %w", b.exitCode, err)
			}
			return b, fmt.Errorf("start base: loopback bridge: %w", err)
		}
	}
	timeout := spec.StartTimeout
	if timeout <= 0 {
		timeout = 60 * time.Second
	}
	if err := b.waitHTTP(ctx, timeout); err != nil {
		return b, fmt.Errorf("start base: %w", err)
	}
	return b, nil
}

func newRunID() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func explainStartErr(err error, hostPort int) error {
	if err == nil {
		return nil
	}
	s := err.Error()
	if hostPort != 0 && (strings.Contains(s, "already allocated") || strings.Contains(s, "address already in use")) {
		return fmt.Errorf("cannot publish the arklet port on 127.0.0.1:%d: the host port is already in use: %w", hostPort, err)
	}
	return err
}

// bridgeExitGrace is how long a failed bridge start waits for the engine to report that the base
// container stopped, when the failure is the container dying rather than the bridge.
const bridgeExitGrace = 10 * time.Second

// exitedSoon reports whether the base container stops within d (or has stopped).
func (b *containerBase) exitedSoon(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-b.exited:
		return true
	case <-t.C:
	case <-ctx.Done():
	}
	return false
}

// watch closes exited when the container stops running (crash, exit, kill, removal).
func (b *containerBase) watch(ctx context.Context) {
	defer close(b.exited)
	w := b.cli.ContainerWait(ctx, b.ctr.GetContainerID(), client.ContainerWaitOptions{Condition: container.WaitConditionNotRunning})
	select {
	case res := <-w.Result:
		b.exitCode = int(res.StatusCode)
		if res.Error != nil {
			b.exitErr = errors.New(res.Error.Message)
		}
	case err := <-w.Error:
		b.exitErr = err
	}
}

func (b *containerBase) startBridge(ctx context.Context, labels map[string]string, port int) error {
	java := "java"
	if jc := labels[image.LabelJcmd]; jc != "" {
		java = path.Join(path.Dir(jc), "java")
	}
	cp := labels[image.LabelBridge]
	if cp == "" {
		cp = image.BridgeDir
	}
	ex, err := b.cli.ExecCreate(ctx, b.ctr.GetContainerID(), client.ExecCreateOptions{
		Cmd: []string{java, "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx24m", "-Xss256k",
			"-cp", cp, image.BridgeMain, strconv.Itoa(port)}})
	if err != nil {
		return err
	}
	_, err = b.cli.ExecStart(ctx, ex.ID, client.ExecStartOptions{Detach: true})
	return err
}

// waitHTTP returns once an HTTP request through the published port gets any answer from the
// base (the engine's proxy accepts TCP connections before anything listens inside).
func (b *containerBase) waitHTTP(ctx context.Context, timeout time.Duration) error {
	hc := &http.Client{Timeout: 2 * time.Second}
	err := poll(ctx, 100*time.Millisecond, timeout, b.exited, func(ctx context.Context) error {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, b.arklet+"/health", strings.NewReader("{}"))
		resp, err := hc.Do(req)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		return err
	})
	var to *pollTimeout
	switch {
	case errors.Is(err, errExited):
		return fmt.Errorf("base exited before its arklet port opened (exit code %d)", b.exitCode)
	case errors.As(err, &to):
		return fmt.Errorf("arklet port not answering through %s after %s", b.arklet, timeout)
	}
	return err
}

// ArkletURL implements Base.
func (b *containerBase) ArkletURL() string { return b.arklet }

// Endpoint is the URL on 127.0.0.1 of a published container port (the arklet port or one of
// ExtraPorts), "" if it is not published.
func (b *containerBase) Endpoint(port int) string { return b.portURLs[port] }

// ContainerID is the engine's id of the base container.
func (b *containerBase) ContainerID() string { return b.ctr.GetContainerID() }

// RunID is the value of the kompat.harness.run label on what this base created.
func (b *containerBase) RunID() string { return b.runID }

// ExitCode is the container's exit code once Exited is closed.
func (b *containerBase) ExitCode() int { return b.exitCode }

// JcmdCalls counts the diagnostic commands answered by the persistent jcmd helper and by a
// `docker exec jcmd` each.
func (b *containerBase) JcmdCalls() (helper, exec int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.helperCalls, b.execCalls
}

// Exited implements Base.
func (b *containerBase) Exited() <-chan struct{} { return b.exited }

// ExitStatus implements Base: the container's exit code; 128+n is the JVM killed by signal n.
func (b *containerBase) ExitStatus() string {
	if !b.hasExited() {
		return ""
	}
	if b.exitErr != nil {
		return "unknown (" + b.exitErr.Error() + ")"
	}
	if b.exitCode > 128 && b.exitCode < 128+65 {
		return fmt.Sprintf("exit code %d (killed by signal %s (%d))", b.exitCode, signalName(syscall.Signal(b.exitCode-128)), b.exitCode-128)
	}
	return fmt.Sprintf("exit code %d", b.exitCode)
}

func (b *containerBase) hasExited() bool {
	select {
	case <-b.exited:
		return true
	default:
		return false
	}
}

// exec runs a command in the container and returns its exit code and combined output.
func (b *containerBase) exec(ctx context.Context, cmd ...string) (int, string, error) {
	code, r, err := b.ctr.Exec(ctx, cmd, tcexec.Multiplexed())
	if err != nil {
		return code, "", err
	}
	out, _ := io.ReadAll(r)
	return code, string(out), nil
}

// Jcmd implements Base: `jcmd <pid> <command>` exec'd inside the container. Without jcmd in the
// image the error wraps ErrProbeUnavailable.
func (b *containerBase) Jcmd(ctx context.Context, args ...string) (string, error) {
	if b.hasExited() {
		return "", errors.New("jcmd: base has exited")
	}
	pid, err := b.basePID(ctx)
	if err != nil {
		return "", err
	}
	if out, ok, err := b.helperJcmd(ctx, pid, args); ok {
		b.mu.Lock()
		b.helperCalls++
		b.mu.Unlock()
		return out, err
	}
	b.mu.Lock()
	b.execCalls++
	b.mu.Unlock()
	cmd := append(append(append([]string{b.jcmd}, b.jcmdOpts...), pid), args...)
	code, out, err := b.exec(ctx, cmd...)
	line := strings.Join(args, " ")
	if err != nil {
		return "", fmt.Errorf("jcmd %s: %w", line, err)
	}
	if err := b.missingJcmd(code, out); err != nil {
		return "", err
	}
	// jcmd echoes "<pid>:" first; the attach protocol (process runtime) does not.
	if first, rest, ok := strings.Cut(out, "\n"); ok && strings.TrimSpace(first) == pid+":" {
		out = rest
	}
	if code != 0 {
		return out, fmt.Errorf("jcmd %s: exit code %d: %s", line, code, firstLines(out, 3))
	}
	return out, nil
}

// missingJcmd recognizes the engine's "executable file not found" answer and remembers it.
func (b *containerBase) missingJcmd(code int, out string) error {
	if code != 126 && code != 127 && !strings.Contains(out, "executable file not found") && !strings.Contains(out, "no such file or directory") {
		return nil
	}
	if !strings.Contains(out, "not found") && !strings.Contains(out, "no such file") {
		return nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.noJcmd = fmt.Errorf("jcmd: %w: %s is not in the image (%s); lifecycle checks still run, leak probes do not", errProbeUnavailable, b.jcmd, firstLines(out, 1))
	return b.noJcmd
}

// basePID finds the base JVM's pid inside the container once: the configured number, else the
// `jcmd -l` entry matching the configured name, else the only JVM, else pid 1.
func (b *containerBase) basePID(ctx context.Context) (string, error) {
	b.mu.Lock()
	if b.noJcmd != nil {
		err := b.noJcmd
		b.mu.Unlock()
		return "", err
	}
	if b.pid != "" {
		pid := b.pid
		b.mu.Unlock()
		return pid, nil
	}
	b.mu.Unlock()
	if _, err := strconv.Atoi(b.pidSpec); err == nil {
		b.mu.Lock()
		b.pid = b.pidSpec
		b.mu.Unlock()
		return b.pidSpec, nil
	}
	code, out, err := b.exec(ctx, append(append([]string{b.jcmd}, b.jcmdOpts...), "-l")...)
	if err != nil {
		return "", fmt.Errorf("jcmd -l: %w", err)
	}
	if err := b.missingJcmd(code, out); err != nil {
		return "", err
	}
	pid, err := pickPID(out, b.pidSpec)
	if err != nil {
		return "", err
	}
	b.mu.Lock()
	b.pid = pid
	b.mu.Unlock()
	return pid, nil
}

// pickPID chooses the base JVM from `jcmd -l` output (lines "pid main-class-or-jar args").
func pickPID(out, name string) (string, error) {
	type jvm struct{ pid, desc string }
	var jvms []jvm
	for _, l := range strings.Split(out, "\n") {
		f := strings.Fields(l)
		if len(f) == 0 {
			continue
		}
		if _, err := strconv.Atoi(f[0]); err != nil {
			continue
		}
		desc := strings.Join(f[1:], " ")
		if strings.Contains(desc, "sun.tools.jcmd.JCmd") || strings.Contains(desc, image.BridgeMain) {
			continue
		}
		jvms = append(jvms, jvm{f[0], desc})
	}
	if name != "" {
		for _, j := range jvms {
			if strings.Contains(j.desc, name) {
				return j.pid, nil
			}
		}
		return "", fmt.Errorf("no JVM named %q in the container (jcmd -l: %s)", name, strings.TrimSpace(out))
	}
	if len(jvms) == 1 {
		return jvms[0].pid, nil
	}
	for _, j := range jvms {
		if j.pid == "1" {
			return "1", nil
		}
	}
	if len(jvms) > 0 {
		return jvms[0].pid, nil
	}
	return "1", nil // jcmd -l sees nothing (-XX:-UsePerfData): assume the JVM is the entrypoint
}

// PutModule implements Base: the jar is copied into the container under /kompat/modules.
func (b *containerBase) PutModule(ctx context.Context, hostPath string) (string, error) {
	abs, err := filepath.Abs(hostPath)
	if err != nil {
		return "", fmt.Errorf("put module %s: %w", hostPath, err)
	}
	if _, err := os.Stat(abs); err != nil {
		return "", fmt.Errorf("put module: %w", err)
	}
	b.mu.Lock()
	b.modules++
	n := b.modules
	b.mu.Unlock()
	dst := fmt.Sprintf("%s/%d-%s", modulesDir, n, filepath.Base(abs))
	if err := b.ctr.CopyFileToContainer(ctx, abs, dst, 0o644); err != nil {
		return "", fmt.Errorf("put module %s into the container: %w", hostPath, err)
	}
	return "file://" + dst, nil
}

// Logs implements Base: the container's stdout and stderr (kept after Stop).
func (b *containerBase) Logs(ctx context.Context) (string, error) {
	b.mu.Lock()
	if b.finalLogs != "" {
		s := b.finalLogs
		b.mu.Unlock()
		return s, nil
	}
	b.mu.Unlock()
	rc, err := b.ctr.Logs(ctx)
	if err != nil {
		return "", fmt.Errorf("container log: %w", err)
	}
	defer rc.Close()
	out, err := io.ReadAll(rc)
	if err != nil && !errors.Is(err, io.EOF) && len(out) == 0 {
		return "", fmt.Errorf("container log: %w", err)
	}
	return string(out), nil
}

// containerLogDir is logging.path inside the container ({logdir}).
const containerLogDir = "/tmp/logs"

// containerLogTail is how much of the end of each log file LogFiles keeps.
const containerLogTail = 256 << 10

// LogFiles reads the regular files under {logdir} through the engine's archive endpoint (no tool
// needed in the image), the last containerLogTail bytes of each, by path relative to {logdir};
// none once the container is gone or before the base wrote any.
func (b *containerBase) LogFiles(ctx context.Context) (map[string]string, error) {
	res, err := b.cli.CopyFromContainer(ctx, b.ctr.GetContainerID(), client.CopyFromContainerOptions{SourcePath: containerLogDir})
	if err != nil {
		if cerrdefs.IsNotFound(err) {
			return nil, nil
		}
		return nil, fmt.Errorf("read log files: %w", err)
	}
	defer res.Content.Close()
	out := map[string]string{}
	tr := tar.NewReader(res.Content)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return out, fmt.Errorf("read log files: %w", err)
		}
		_, rel, ok := strings.Cut(strings.TrimPrefix(h.Name, "./"), "/")
		if !ok || rel == "" || h.Typeflag != tar.TypeReg {
			continue
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			return out, fmt.Errorf("read log files: %w", err)
		}
		if len(data) > containerLogTail {
			data = data[len(data)-containerLogTail:]
		}
		out[rel] = string(data)
	}
	return out, nil
}

// BizDirEntries implements Base: the biz dir is read through the engine's archive endpoint, which
// needs no tool (ls) in the image.
func (b *containerBase) BizDirEntries(ctx context.Context) ([]string, error) {
	res, err := b.cli.CopyFromContainer(ctx, b.ctr.GetContainerID(), client.CopyFromContainerOptions{SourcePath: b.bizDir})
	if err != nil {
		if cerrdefs.IsNotFound(err) {
			return nil, nil
		}
		return nil, fmt.Errorf("list biz dir: %w", err)
	}
	defer res.Content.Close()
	seen := map[string]bool{}
	var out []string
	tr := tar.NewReader(res.Content)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("list biz dir: %w", err)
		}
		_, rest, ok := strings.Cut(strings.TrimPrefix(h.Name, "./"), "/")
		if !ok || rest == "" {
			continue
		}
		name, _, _ := strings.Cut(rest, "/")
		if !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	return out, nil
}

// Stop implements Base: keeps the log, removes the container (and its anonymous volumes) and
// anything else labelled with this run, then closes the engine connection. Idempotent.
func (b *containerBase) Stop(ctx context.Context) error {
	b.stopOnce.Do(func() {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), stopDeadline)
		defer cancel()
		if logs, err := b.Logs(sctx); err == nil {
			b.mu.Lock()
			b.finalLogs = logs
			b.mu.Unlock()
			if b.logFile != "" {
				if err := os.WriteFile(b.logFile, []byte(logs), 0o644); err != nil {
					b.stopErr = fmt.Errorf("stop base: write log: %w", err)
				}
			}
		}
		if !b.keep {
			if _, err := b.cli.ContainerRemove(sctx, b.ctr.GetContainerID(), client.ContainerRemoveOptions{Force: true, RemoveVolumes: true}); err != nil && !cerrdefs.IsNotFound(err) {
				b.stopErr = errors.Join(b.stopErr, fmt.Errorf("stop base: remove container: %w", err))
			}
			if _, err := sweepRun(sctx, b.cli, b.runID); err != nil {
				b.stopErr = errors.Join(b.stopErr, fmt.Errorf("stop base: %w", err))
			}
			select {
			case <-b.exited:
			case <-sctx.Done():
				b.stopErr = errors.Join(b.stopErr, errors.New("stop base: the container did not stop"))
			}
		}
		b.mu.Lock()
		if b.session != nil {
			b.session.close()
		}
		b.mu.Unlock()
		b.waitStop()
		b.cli.Close()
	})
	return b.stopErr
}
