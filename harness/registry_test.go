//go:build linux

package harness

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestRuntimeRegistry(t *testing.T) {
	rt, err := newRuntime("process")
	if err != nil || rt.Name() != "process" {
		t.Fatalf("process runtime: %v %v", rt, err)
	}
	if _, err := newRuntime("container"); !errors.Is(err, ErrRuntimeUnavailable) {
		// Once the container runtime registers itself this branch no longer applies.
		found := false
		for _, n := range Runtimes() {
			found = found || n == "container"
		}
		if !found {
			t.Fatalf("container: want ErrRuntimeUnavailable, got %v", err)
		}
	}
	if _, err := newRuntime("podman-in-space"); err == nil || errors.Is(err, ErrRuntimeUnavailable) || !strings.Contains(err.Error(), "unknown runtime") {
		t.Fatalf("unknown runtime: %v", err)
	}
	defer func() {
		if recover() == nil {
			t.Error("registering a name twice must panic")
		}
	}()
	registerRuntime("process", func() (Runtime, error) { return nil, nil })
}

func TestExpandCommand(t *testing.T) {
	got := expandCommand(baseSpec{JavaOptions: []string{"-Xmx64m", "-Dweb={httpport}"}}, map[string]string{"java": "/j/java", "jar": "/b.jar", "port": "1238", "httpport": "40001", "bizdir": "/d", "logdir": "/l"})
	want := "/j/java -XX:SoftRefLRUPolicyMSPerMB=0 -Xmx64m -Dweb=40001 -Dkoupleless.arklet.http.port=1238 -Dserver.port=40001 -Dcom.alipay.sofa.ark.biz.dir=/d -Dlogging.path=/l -jar /b.jar"
	if strings.Join(got, " ") != want {
		t.Fatalf("got %q\nwant %q", strings.Join(got, " "), want)
	}
	got = expandCommand(baseSpec{Command: []string{"sh", "-c", "exec java -Dport={port} -jar {jar}"}}, map[string]string{"jar": "x.jar", "port": "9"})
	if got[2] != "exec java -Dport=9 -jar x.jar" {
		t.Fatalf("custom command: %q", got)
	}
}

func TestProcessStartFailureReturnsBase(t *testing.T) {
	// A command that exits at once: Start must report it and still hand back a Base to Stop.
	b, err := processRuntime{}.Start(context.Background(), baseSpec{Command: []string{"sh", "-c", "echo no arklet here; exit 3"}})
	if err == nil || !strings.Contains(err.Error(), "exited") {
		t.Fatalf("want exited error, got %v", err)
	}
	if b == nil {
		t.Fatal("Start returned no Base to clean up")
	}
	logs, _ := b.Logs(context.Background())
	if !strings.Contains(logs, "no arklet here") {
		t.Errorf("log not captured: %q", logs)
	}
	if err := b.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := b.Stop(context.Background()); err != nil {
		t.Fatalf("second Stop: %v", err)
	}
	if b.(*processBase).GroupAlive() {
		t.Error("process group still alive")
	}
}

func TestProcessStopKillsChildren(t *testing.T) {
	// The base spawns a grandchild; Stop must kill the whole group, not just the direct child.
	b, err := processRuntime{}.Start(context.Background(), baseSpec{ArkletPort: 1, StartTimeout: 300 * 1e6,
		Command: []string{"sh", "-c", "sleep 600 & sleep 600"}})
	if b == nil {
		t.Fatalf("no base: %v", err)
	}
	pb := b.(*processBase)
	if !pb.GroupAlive() {
		t.Fatal("group should be alive before Stop")
	}
	if err := b.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	if pb.GroupAlive() {
		t.Error("grandchild survived Stop")
	}
}
