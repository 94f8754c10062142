package harness

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// attachJcmd runs one diagnostic command through the HotSpot dynamic attach protocol (a UNIX
// socket /tmp/.java_pid<pid>, opened on request by SIGQUIT plus an .attach_pid file): the same
// thing the jcmd tool does, without starting a JVM for every probe.
func attachJcmd(ctx context.Context, pid int, command string) (string, error) {
	sock := "/tmp/.java_pid" + strconv.Itoa(pid) // HotSpot uses /tmp on Linux whatever java.io.tmpdir says
	if _, err := os.Stat(sock); err != nil {
		if err := startAttachListener(ctx, pid, sock); err != nil {
			return "", err
		}
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "unix", sock)
	if err != nil {
		return "", fmt.Errorf("attach %d: %w", pid, err)
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Now()) })
	defer stop()
	// Protocol version 1, command "jcmd", three arguments (the command line and two empty ones).
	req := "1\x00jcmd\x00" + command + "\x00\x00\x00"
	if _, err := io.WriteString(conn, req); err != nil {
		return "", fmt.Errorf("attach %d: send: %w", pid, err)
	}
	br := bufio.NewReader(conn)
	status, err := br.ReadString('\n')
	if err != nil {
		return "", fmt.Errorf("attach %d: read status: %w", pid, err)
	}
	out, err := io.ReadAll(br)
	if err != nil && ctx.Err() != nil {
		return "", fmt.Errorf("attach %d: %s: %w", pid, command, ctx.Err())
	}
	if code := strings.TrimSpace(status); code != "0" {
		return string(out), fmt.Errorf("attach %d: %s: status %s: %s", pid, command, code, strings.TrimSpace(string(out)))
	}
	return string(out), nil
}

func startAttachListener(ctx context.Context, pid int, sock string) error {
	trigger := filepath.Join("/proc", strconv.Itoa(pid), "cwd", ".attach_pid"+strconv.Itoa(pid))
	f, err := os.OpenFile(trigger, os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		trigger = "/tmp/.attach_pid" + strconv.Itoa(pid)
		if f, err = os.OpenFile(trigger, os.O_CREATE|os.O_WRONLY, 0o600); err != nil {
			return fmt.Errorf("attach %d: create trigger file: %w", pid, err)
		}
	}
	f.Close()
	defer os.Remove(trigger)
	if err := syscall.Kill(pid, syscall.SIGQUIT); err != nil {
		return fmt.Errorf("attach %d: signal: %w", pid, err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for delay := 5 * time.Millisecond; ; delay = min(delay*2, 200*time.Millisecond) {
		if _, err := os.Stat(sock); err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return errors.New("attach " + strconv.Itoa(pid) + ": the JVM did not open its attach socket")
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("attach %d: %w", pid, ctx.Err())
		case <-time.After(delay):
		}
	}
}
