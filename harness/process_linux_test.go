package harness

import (
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestCleanupWorkDirsOfDeadOwners(t *testing.T) {
	root := t.TempDir()
	host, _ := os.Hostname()
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	mk := func(name, owner string) string {
		d := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Join(d, "sofa-ark"), 0o755); err != nil {
			t.Fatal(err)
		}
		if owner != "" {
			os.WriteFile(filepath.Join(d, workDirOwnerFile), []byte(owner+"\n"), 0o644)
		}
		return d
	}
	deadDir := mk(WorkDirPrefix+"dead", host+":"+strconv.Itoa(dead.ProcessState.Pid()))
	liveDir := mk(WorkDirPrefix+"live", host+":"+strconv.Itoa(os.Getpid()))
	anon := mk(WorkDirPrefix+"anon", "")
	other := mk("other-dir", host+":"+strconv.Itoa(dead.ProcessState.Pid()))
	paths := func(ws []WorkDir) []string {
		var out []string
		for _, w := range ws {
			out = append(out, w.Path)
		}
		return out
	}
	got, err := CleanupWorkDirs(root, false, true)
	if err != nil || !slices.Equal(paths(got), []string{deadDir}) {
		t.Fatalf("dry run: %v %v", got, err)
	}
	if _, err := os.Stat(deadDir); err != nil {
		t.Fatal("a dry run removed a dir")
	}
	got, err = CleanupWorkDirs(root, false, false)
	if err != nil || !slices.Equal(paths(got), []string{deadDir}) {
		t.Fatalf("cleanup: %v %v", got, err)
	}
	for d, want := range map[string]bool{deadDir: false, liveDir: true, anon: true, other: true} {
		if _, err := os.Stat(d); (err == nil) != want {
			t.Errorf("%s: exists %v, want %v", d, err == nil, want)
		}
	}
	if got, _ := CleanupWorkDirs(root, true, false); !slices.Equal(paths(got), []string{liveDir}) {
		t.Errorf("--all: %v", got)
	}
}

func TestProcessBaseRecordsItsOwner(t *testing.T) {
	b, err := processRuntime{}.Start(context.Background(), baseSpec{Command: []string{"sleep", "60"}, StartTimeout: 200 * time.Millisecond})
	if b == nil {
		t.Fatalf("no base: %v", err)
	}
	defer b.Stop(context.Background())
	pb := b.(*processBase)
	data, rerr := os.ReadFile(filepath.Join(pb.workDir, workDirOwnerFile))
	host, _ := os.Hostname()
	if rerr != nil || string(data) != host+":"+strconv.Itoa(os.Getpid())+"\n" {
		t.Fatalf("owner file: %q %v", data, rerr)
	}
	if filepath.Dir(pb.workDir) != filepath.Clean(os.TempDir()) || !strings.HasPrefix(filepath.Base(pb.workDir), WorkDirPrefix) {
		t.Errorf("work dir %s is not a %s* dir of the temp dir", pb.workDir, WorkDirPrefix)
	}
}

func TestListenerOwner(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	port := l.Addr().(*net.TCPAddr).Port
	if pid, ours := listenerOwner(port, syscall.Getpgrp()); !ours || pid != os.Getpid() {
		t.Errorf("own listener: pid %d ours %v", pid, ours)
	}
	// Seen from a base whose process group is another one (pid 1's), the listener is a stranger's.
	if pid, ours := listenerOwner(port, 1); ours || pid != os.Getpid() {
		t.Errorf("stranger's listener: pid %d ours %v", pid, ours)
	}
}

// TestFixedArkletPortOfAnotherRun: two runs told to use one arklet port; the second must not
// take the first one's base for its own.
func TestFixedArkletPortOfAnotherRun(t *testing.T) {
	t.Parallel()
	b := needJDK(t)
	first := &trackingRuntime{}
	defer first.assertGone(t)
	sc1 := scenario(b, 1, "clean")
	if err := sc1.Normalize(); err != nil {
		t.Fatal(err)
	}
	base1, err := first.Start(context.Background(), sc1.spec())
	if base1 != nil {
		defer base1.Stop(context.Background())
	}
	if err != nil {
		t.Fatal(err)
	}
	port, _ := strconv.Atoi(base1.ArkletURL()[strings.LastIndexByte(base1.ArkletURL(), ':')+1:])
	sc2 := scenario(b, 1, "clean")
	sc2.Base.ArkletPort = port
	_, err = run(context.Background(), sc2, options{Runtime: &trackingRuntime{}})
	if err == nil || !strings.Contains(err.Error(), "arklet port "+strconv.Itoa(port)+" is already in use") ||
		!strings.Contains(err.Error(), "another base or program listens there") {
		t.Fatalf("want a clear error for another run's arklet port, got %v", err)
	}
}
