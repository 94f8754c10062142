package harness

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

func init() {
	registerRuntime("process", func() (Runtime, error) { return processRuntime{}, nil })
}

// processRuntime runs the base as a child JVM on this machine: its own process group, a free
// loopback port, output to a log file, jcmd through the attach socket of its pid.
type processRuntime struct {
	// KeepWorkDir leaves the work dir (log, biz dir) in place after Stop, for debugging.
	KeepWorkDir bool
	// JcmdTool, when set, is the jcmd program every probe runs (as `JcmdTool <pid> <command>...`)
	// instead of the attach socket: the JDK's own jcmd of a base on another JDK, or a wrapper.
	JcmdTool string
}

// Name implements Runtime.
func (processRuntime) Name() string { return "process" }

// processBase is a base started by ProcessRuntime.
type processBase struct {
	cmd      *exec.Cmd
	pid      int
	port     int
	httpPort int
	workDir  string
	bizDir   string
	logDir   string // logging.path ({logdir}): sofa-ark and arklet log files
	logPath  string
	keep     bool
	jcmdTool string
	exited   chan struct{}
	waitErr  error
	stopOnce sync.Once
	stopErr  error
}

// Start implements Runtime.
func (r processRuntime) Start(ctx context.Context, spec baseSpec) (base, error) {
	if spec.Jar == "" && len(spec.Command) == 0 {
		return nil, errors.New("start base: no base jar and no command")
	}
	workDir, err := os.MkdirTemp("", WorkDirPrefix)
	if err != nil {
		return nil, fmt.Errorf("start base: %w", err)
	}
	// A kompat killed before Stop leaves the dir behind: `kompat cleanup` removes it once this
	// owner is gone.
	if err := writeWorkDirOwner(workDir); err != nil {
		os.RemoveAll(workDir)
		return nil, fmt.Errorf("start base: %w", err)
	}
	b := &processBase{workDir: workDir, bizDir: filepath.Join(workDir, "sofa-ark"), logDir: filepath.Join(workDir, "logs"), keep: r.KeepWorkDir,
		jcmdTool: r.JcmdTool, exited: make(chan struct{})}
	b.logPath = spec.LogFile
	if b.logPath == "" {
		b.logPath = filepath.Join(workDir, "base.log")
	}
	b.port = spec.ArkletPort
	if b.port != 0 {
		if l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(b.port))); err != nil {
			os.RemoveAll(workDir)
			return nil, fmt.Errorf("start base: arklet port %d is already in use on 127.0.0.1 (%w): another base or program listens there; leave --arklet-port unset (a free port is picked) or choose a free one", b.port, err)
		} else {
			l.Close()
		}
	}
	if b.port == 0 {
		if b.port, err = freePort(); err != nil {
			os.RemoveAll(workDir)
			return nil, fmt.Errorf("start base: %w", err)
		}
	}
	if b.httpPort = spec.HTTPPort; b.httpPort == 0 {
		if b.httpPort, err = freePortBut(b.port); err != nil {
			os.RemoveAll(workDir)
			return nil, fmt.Errorf("start base: %w", err)
		}
	}
	jar := spec.Jar
	if jar != "" {
		if jar, err = filepath.Abs(jar); err != nil {
			os.RemoveAll(workDir)
			return nil, fmt.Errorf("start base: %w", err)
		}
	}
	java := "java"
	if jh := os.Getenv("JAVA_HOME"); jh != "" {
		java = filepath.Join(jh, "bin", "java")
	}
	argv := expandCommand(spec, map[string]string{"jar": jar, "port": strconv.Itoa(b.port),
		"httpport": strconv.Itoa(b.httpPort), "bizdir": b.bizDir, "logdir": b.logDir, "java": java})
	logf, err := os.Create(b.logPath)
	if err != nil {
		os.RemoveAll(workDir)
		return nil, fmt.Errorf("start base: %w", err)
	}
	defer logf.Close()
	fmt.Fprintf(logf, "[kompat] %s\n", strings.Join(argv, " "))
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = workDir
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.Env = os.Environ()
	for k, v := range spec.Env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	// Own process group, so Stop kills the JVM and anything it spawned; SIGKILL if we die first.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		os.RemoveAll(workDir)
		return nil, fmt.Errorf("start base: %w", err)
	}
	b.cmd, b.pid = cmd, cmd.Process.Pid
	go func() {
		b.waitErr = cmd.Wait()
		close(b.exited)
	}()
	timeout := spec.StartTimeout
	if timeout <= 0 {
		timeout = 60 * time.Second
	}
	if err := b.waitPort(ctx, timeout); err != nil {
		return b, fmt.Errorf("start base: %w", err)
	}
	return b, nil
}

func (b *processBase) waitPort(ctx context.Context, timeout time.Duration) error {
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(b.port))
	var stranger error
	err := poll(ctx, 50*time.Millisecond, timeout, b.exited, func(context.Context) error {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			return err
		}
		c.Close()
		// Something answers: it must be the JVM this run started, not another run's base on a
		// port both were told to use.
		switch pid, ours := listenerOwner(b.port, b.pid); {
		case ours:
			return nil
		case pid != 0:
			stranger = fmt.Errorf("arklet port %d is answered by another process (pid %d), not by this run's base (pid %d): another base or program listens there; leave --arklet-port unset (a free port is picked) or choose a free one", b.port, pid, b.pid)
			return nil
		default:
			return fmt.Errorf("port %d answers, but not from a socket of the base's process group %d", b.port, b.pid)
		}
	})
	if err == nil && stranger != nil {
		return stranger
	}
	var to *pollTimeout
	switch {
	case errors.Is(err, errExited):
		return fmt.Errorf("base exited before its arklet port opened (%v)", b.waitErr)
	case errors.As(err, &to):
		return fmt.Errorf("arklet port %d not open after %s", b.port, timeout)
	}
	return err
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// freePortBut is a free loopback port other than not.
func freePortBut(not int) (int, error) {
	for range 10 {
		p, err := freePort()
		if err != nil || p != not {
			return p, err
		}
	}
	return 0, fmt.Errorf("find a free port: the kernel keeps handing out %d", not)
}

// LogDir is the base's logging.path ({logdir}) on this machine.
func (b *processBase) LogDir() string { return b.logDir }

// HTTPPort is the base's web port ({httpport}, server.port) on 127.0.0.1.
func (b *processBase) HTTPPort() int { return b.httpPort }

// PID is the base JVM's process id (also its process group id).
func (b *processBase) PID() int { return b.pid }

// LogPath is the base's log file.
func (b *processBase) LogPath() string { return b.logPath }

// ArkletURL implements Base.
func (b *processBase) ArkletURL() string { return "http://127.0.0.1:" + strconv.Itoa(b.port) }

// Exited implements Base.
func (b *processBase) Exited() <-chan struct{} { return b.exited }

// ExitStatus implements Base: the exit code, or the signal that killed the JVM.
func (b *processBase) ExitStatus() string {
	select {
	case <-b.exited:
	default:
		return ""
	}
	return describeExit(b.waitErr)
}

// describeExit renders cmd.Wait's error: "exit code 0", "exit code 3", "killed by signal SIGKILL (9)".
func describeExit(err error) string {
	var ee *exec.ExitError
	if err == nil {
		return "exit code 0"
	}
	if errors.As(err, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return fmt.Sprintf("killed by signal %s (%d)", signalName(ws.Signal()), int(ws.Signal()))
		}
		return fmt.Sprintf("exit code %d", ee.ExitCode())
	}
	return err.Error()
}

// Jcmd implements Base: through the attach socket, falling back to the jcmd tool.
func (b *processBase) Jcmd(ctx context.Context, args ...string) (string, error) {
	select {
	case <-b.exited:
		return "", errors.New("jcmd: base has exited")
	default:
	}
	line := strings.Join(args, " ")
	tool := b.jcmdTool
	var err error
	if tool == "" {
		var out string
		if out, err = attachJcmd(ctx, b.pid, line); err == nil {
			return out, nil
		}
		tool = "jcmd"
		if jh := os.Getenv("JAVA_HOME"); jh != "" {
			tool = filepath.Join(jh, "bin", "jcmd")
		}
	}
	o, err2 := exec.CommandContext(ctx, tool, append([]string{strconv.Itoa(b.pid)}, args...)...).CombinedOutput()
	if err2 != nil && err != nil {
		return string(o), fmt.Errorf("jcmd %s: %w (attach: %v)", line, err2, err)
	}
	if err2 != nil {
		return string(o), fmt.Errorf("%s %s: %w", tool, line, err2)
	}
	return string(o), nil
}

// PutModule implements Base: the child JVM reads the host file system, so the jar stays where it is.
func (b *processBase) PutModule(_ context.Context, hostPath string) (string, error) {
	abs, err := filepath.Abs(hostPath)
	if err != nil {
		return "", fmt.Errorf("put module %s: %w", hostPath, err)
	}
	if _, err := os.Stat(abs); err != nil {
		return "", fmt.Errorf("put module: %w", err)
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String(), nil
}

// Logs implements Base.
func (b *processBase) Logs(context.Context) (string, error) {
	out, err := os.ReadFile(b.logPath)
	if err != nil {
		return "", fmt.Errorf("read base log: %w", err)
	}
	return string(out), nil
}

// BizDirEntries implements Base.
func (b *processBase) BizDirEntries(context.Context) ([]string, error) {
	ents, err := os.ReadDir(b.bizDir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list biz dir: %w", err)
	}
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	return out, nil
}

// Stop implements Base: SIGKILL to the whole process group, wait for the JVM, remove the work dir.
func (b *processBase) Stop(ctx context.Context) error {
	b.stopOnce.Do(func() {
		if b.cmd == nil {
			return
		}
		if err := syscall.Kill(-b.pid, syscall.SIGKILL); err != nil && !errors.Is(err, syscall.ESRCH) {
			b.stopErr = fmt.Errorf("stop base: kill group %d: %w", b.pid, err)
		}
		select {
		case <-b.exited:
		case <-time.After(10 * time.Second):
			b.stopErr = errors.Join(b.stopErr, fmt.Errorf("stop base: pid %d did not exit", b.pid))
		case <-ctx.Done():
			b.stopErr = errors.Join(b.stopErr, fmt.Errorf("stop base: %w", ctx.Err()))
		}
		// Wait until no member of the group is left (grandchildren die a little later).
		err := poll(context.WithoutCancel(ctx), 10*time.Millisecond, 5*time.Second, nil, func(context.Context) error {
			if !b.GroupAlive() {
				return nil
			}
			_ = syscall.Kill(-b.pid, syscall.SIGKILL)
			return errors.New("group alive")
		})
		if err != nil {
			b.stopErr = errors.Join(b.stopErr, fmt.Errorf("stop base: processes %v of group %d survive SIGKILL", groupMembers(b.pid), b.pid))
		}
		os.Remove("/tmp/.java_pid" + strconv.Itoa(b.pid))
		if !b.keep {
			if err := os.RemoveAll(b.workDir); err != nil {
				b.stopErr = errors.Join(b.stopErr, fmt.Errorf("stop base: remove work dir: %w", err))
			}
		}
	})
	return b.stopErr
}

// GroupAlive reports whether any live (non-zombie) process of the base's process group exists.
func (b *processBase) GroupAlive() bool {
	if syscall.Kill(-b.pid, 0) != nil {
		return false
	}
	return len(groupMembers(b.pid)) > 0
}

// groupMembers lists the pids in process group pgid that are not zombies, from /proc.
func groupMembers(pgid int) []int {
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return []int{pgid} // cannot tell: assume alive
	}
	var out []int
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid pgrp ...; comm may contain spaces, so split after the last ')'.
		s := string(stat)
		i := strings.LastIndexByte(s, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(s[i+1:])
		if len(f) < 3 || f[0] == "Z" || f[0] == "X" {
			continue
		}
		if g, _ := strconv.Atoi(f[2]); g == pgid {
			out = append(out, pid)
		}
	}
	return out
}
