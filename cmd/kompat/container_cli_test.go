package main

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/kompat/kompat/harness"
	"github.com/kompat/kompat/harness/image"
)

func cli(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), &env{stdout: &out, stderr: &errb}, args)
	return code, out.String(), errb.String()
}

// needEngine skips (one line) without a Docker engine, unless KOMPAT_REQUIRE_DOCKER=1 (CI).
func needEngine(t *testing.T) {
	t.Helper()
	c, err := image.Engine(context.Background())
	if err != nil {
		if errors.Is(err, image.ErrNoEngine) && os.Getenv("KOMPAT_REQUIRE_DOCKER") != "1" {
			t.Skipf("needs a Docker engine: %v", err)
		}
		t.Fatal(err)
	}
	c.Close()
}

func TestContainerCommandsWithoutEngine(t *testing.T) {
	t.Setenv("DOCKER_HOST", "unix:///nonexistent/kompat-test/docker.sock")
	t.Setenv("TMPDIR", t.TempDir()) // cleanup also sweeps work dirs: keep it off the real temp dir
	for _, args := range [][]string{
		{"verify", "--base", "b.jar", "--module", "a.jar", "--runtime", "container"},
		{"cleanup"},
		{"image", "build"},
	} {
		code, stdout, stderr := cli(t, args...)
		if code != exitError || !strings.Contains(stderr, "no Docker engine reachable at unix:///nonexistent/kompat-test/docker.sock") {
			t.Errorf("%q: exit %d, stderr %q; want 2 and a clear no-engine message", args, code, stderr)
		}
		if strings.Contains(stdout, "findings") {
			t.Errorf("%q: must not print a report: %q", args, stdout)
		}
	}
}

// TestCleanupRemovesWorkDirsOfDeadRuns: a process base's work dir names its kompat process;
// cleanup removes those whose owner is dead, with or without an engine (exit 2 without one).
func TestCleanupRemovesWorkDirsOfDeadRuns(t *testing.T) {
	t.Setenv("DOCKER_HOST", "unix:///nonexistent/kompat-test/docker.sock")
	root := t.TempDir()
	t.Setenv("TMPDIR", root)
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	host, _ := os.Hostname()
	mk := func(name string, pid int) string {
		d := filepath.Join(root, harness.WorkDirPrefix+name)
		os.MkdirAll(filepath.Join(d, "sofa-ark", "m-1-unpack"), 0o755)
		os.WriteFile(filepath.Join(d, "kompat-owner"), []byte(host+":"+strconv.Itoa(pid)+"\n"), 0o644)
		return d
	}
	gone, kept := mk("killed", dead.ProcessState.Pid()), mk("running", os.Getpid())
	code, stdout, stderr := cli(t, "cleanup", "--dry-run")
	if code != exitError || !strings.Contains(stdout, "would remove 1 work dir(s) of dead kompat runs: "+gone) {
		t.Fatalf("cleanup --dry-run: exit %d %q %q", code, stdout, stderr)
	}
	code, stdout, stderr = cli(t, "cleanup")
	if code != exitError || !strings.Contains(stdout, "removed 1 work dir(s) of dead kompat runs: "+gone+" (owner "+host+":") ||
		!strings.Contains(stderr, "no Docker engine reachable") {
		t.Fatalf("cleanup: exit %d %q %q", code, stdout, stderr)
	}
	if _, err := os.Stat(gone); err == nil {
		t.Error("the dead run's work dir is still there")
	}
	if _, err := os.Stat(kept); err != nil {
		t.Error("the live run's work dir was removed")
	}
}

func TestImageBuildAndCleanup(t *testing.T) {
	needEngine(t)
	t.Setenv("TMPDIR", t.TempDir()) // cleanup also sweeps work dirs: keep it off the real temp dir
	verifyFixtures(t)
	code, stdout, stderr := cli(t, "image", "build")
	if code != exitOK || !strings.Contains(stdout, image.DefaultTag) {
		t.Fatalf("image build: exit %d\n%s\n%s", code, stdout, stderr)
	}
	code, stdout, stderr = cli(t, "image", "build", "--quiet")
	if code != exitOK || strings.TrimSpace(stdout) != image.DefaultTag {
		t.Fatalf("image build --quiet (cached): exit %d %q %q", code, stdout, stderr)
	}
	code, stdout, stderr = cli(t, "cleanup", "--dry-run")
	if code != exitOK || !strings.Contains(stdout, "carry the harness label") {
		t.Fatalf("cleanup --dry-run: exit %d %q %q", code, stdout, stderr)
	}
	code, stdout, stderr = cli(t, "cleanup")
	if code != exitOK || !strings.Contains(stdout, "removed ") || !strings.Contains(stdout, " container(s), ") {
		t.Fatalf("cleanup: exit %d %q %q", code, stdout, stderr)
	}
	if code, _, stderr := cli(t, "image", "rebuild"); code != exitError || !strings.Contains(stderr, "usage") {
		t.Errorf("image rebuild: exit %d %q", code, stderr)
	}
}

func TestVerifyInContainer(t *testing.T) {
	needEngine(t)
	b := verifyFixtures(t)
	code, stdout, stderr := cli(t, "verify", "--runtime", "container", "--base", b.Base, "--module", b.Module("clean"),
		"--module", b.Module("thread-leak"), "--cycles", "1", "--java-opt=-Xmx96m", "--format", "json")
	if code != exitFindings {
		t.Fatalf("exit %d, want 1 for the leak\n%s\n%s", code, stdout, stderr)
	}
	r := verifyReport(t, stdout)
	var leak bool
	for _, f := range r.Findings {
		if f.RuleID == "KP8002" && strings.HasPrefix(f.Location.Symbol, "thread-leak:") {
			leak = true
		}
		if strings.HasPrefix(f.Location.Symbol, "clean:") {
			t.Errorf("clean got %s: %s", f.RuleID, f.Message)
		}
	}
	if !leak {
		t.Errorf("no KP8002 for thread-leak in the container:\n%s", stdout)
	}
	if !strings.Contains(stderr, "base ready at http://127.0.0.1:") {
		t.Errorf("progress lacks the 127.0.0.1 arklet URL:\n%s", stderr)
	}
}

// TestVerifyContainerFlags: --jcmd - means the image has no jcmd: lifecycle checks still run and
// the leak probes are reported unavailable (a notice), never passed; --image names a missing
// image, which is a clear error, never a pull.
func TestVerifyContainerFlags(t *testing.T) {
	needEngine(t)
	b := verifyFixtures(t)
	code, stdout, stderr := cli(t, "verify", "--runtime", "container", "--base", b.Base, "--module", b.Module("thread-leak"),
		"--cycles", "1", "--jcmd", "-", "--format", "json")
	r := verifyReport(t, stdout)
	unavailable := false
	for _, n := range r.Notices {
		if n.Code == "KP9801" {
			unavailable = true
		}
	}
	if !unavailable || code != exitFindings || len(r.Findings) == 0 || r.Findings[0].RuleID != "KP8001" {
		t.Fatalf("exit %d: want the KP9801 probes-unavailable notice and the base-side leak check's KP8001\n%s\n%s", code, stdout, stderr)
	}
	code, _, stderr = cli(t, "verify", "--runtime", "container", "--base", b.Base, "--module", b.Module("clean"),
		"--cycles", "1", "--image", "kompat/no-such-image:none", "-q")
	if code != exitError || !strings.Contains(stderr, "nothing is pulled") {
		t.Fatalf("missing image: exit %d, want 2 and a clear message\n%s", code, stderr)
	}
}

func TestImageBuildForSpringBootBase(t *testing.T) {
	needEngine(t)
	jar := filepath.Join(t.TempDir(), "kompat-cli-test-boot.jar")
	f, err := os.Create(jar)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for _, name := range []string{"META-INF/MANIFEST.MF", "BOOT-INF/classes/app/Main.class", "BOOT-INF/lib/arklet-core-2.1.0.jar"} {
		if _, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store}); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	code, stdout, stderr := cli(t, "image", "build", "--for", jar)
	if code != exitOK {
		t.Fatalf("image build --for: exit %d\n%s\n%s", code, stdout, stderr)
	}
	for _, want := range []string{"kompat/base-kompat-cli-test-boot:local", "kind:    spring-boot", jar,
		"java.desktop", "java.instrument", "java.naming", "java.sql", "jdk.unsupported", "jdk.attach", "jdk.jcmd"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("image build --for output lacks %q:\n%s", want, stdout)
		}
	}
	if code, _, stderr := cli(t, "image", "build", "--for", filepath.Join(t.TempDir(), "missing.jar")); code != exitError || !strings.Contains(stderr, "missing.jar") {
		t.Errorf("--for a missing jar: exit %d %q", code, stderr)
	}
}
