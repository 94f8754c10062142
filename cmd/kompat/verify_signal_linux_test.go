package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// basesOnPort lists the live processes whose command line pins arklet to port (the base JVMs of a run).
func basesOnPort(port string) []string {
	var out []string
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		cmd, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err != nil || !bytes.Contains(cmd, []byte("-Dkoupleless.arklet.http.port="+port+"\x00")) {
			continue
		}
		if stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat")); err == nil {
			if i := bytes.LastIndexByte(stat, ')'); i > 0 && len(stat) > i+2 && (stat[i+2] == 'Z' || stat[i+2] == 'X') {
				continue // a zombie is dead
			}
		}
		out = append(out, e.Name())
	}
	return out
}

// TestVerifySignalsKillTheBase runs the real binary: Ctrl-C (SIGINT) during a hanging install, and
// SIGKILL of kompat itself, must both leave no base JVM behind.
func TestVerifySignalsKillTheBase(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: builds and runs the kompat binary")
	}
	t.Parallel()
	b := verifyFixtures(t)
	bin := filepath.Join(t.TempDir(), "kompat")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	for _, sig := range []os.Signal{os.Interrupt, os.Kill} {
		cmd := exec.Command(bin, "verify", "--base", b.Base, "--module", b.Module("hang-on-start"), "--install-timeout", "2m")
		var stderr syncWriter
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		port := ""
		deadline := time.Now().Add(60 * time.Second)
		for port == "" && time.Now().Before(deadline) {
			if _, rest, ok := strings.Cut(stderr.String(), "base ready at http://127.0.0.1:"); ok {
				port, _, _ = strings.Cut(rest, " ")
			}
			time.Sleep(20 * time.Millisecond)
		}
		if port == "" || len(basesOnPort(port)) == 0 {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("%v: no base seen running (port %q):\n%s", sig, port, stderr.String())
		}
		time.Sleep(300 * time.Millisecond) // inside the hanging install
		if err := cmd.Process.Signal(sig); err != nil {
			t.Fatal(err)
		}
		err := cmd.Wait()
		var ee *exec.ExitError
		if sig == os.Interrupt && (!errors.As(err, &ee) || ee.ExitCode() != exitError || !strings.Contains(stderr.String(), "interrupted")) {
			t.Errorf("SIGINT: want exit 2 saying interrupted, got %v:\n%s", err, stderr.String())
		}
		gone := false
		for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
			if len(basesOnPort(port)) == 0 {
				gone = true
				break
			}
		}
		if !gone {
			pids := basesOnPort(port)
			for _, p := range pids {
				if pid, err := strconv.Atoi(p); err == nil {
					syscall.Kill(pid, syscall.SIGKILL)
				}
			}
			t.Errorf("%v: base JVM(s) %v still running after kompat ended", sig, pids)
		}
	}
}

type syncWriter struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *syncWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}
