//go:build linux

package harness

import (
	"context"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kompat/kompat/harness/jcmd"
)

// webHealth polls the base's actuator health on its web port until it answers.
func webHealth(t *testing.T, port int) string {
	t.Helper()
	var body string
	err := poll(context.Background(), 50*time.Millisecond, 30*time.Second, nil, func(context.Context) error {
		resp, err := http.Get("http://127.0.0.1:" + strconv.Itoa(port) + "/actuator/health")
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		body = string(b)
		return err
	})
	if err != nil {
		t.Fatalf("web port %d: %v", port, err)
	}
	return body
}

// Bases started side by side each get a web port (server.port) of their own, substituted for
// {httpport} wherever the command or the JVM options use it; none binds 8080.
func TestBasesSideBySideGetTheirOwnWebPort(t *testing.T) {
	t.Parallel()
	b := needJDK(t)
	sc := scenario(b, 1, "clean")
	sc.Base.JavaOptions = append(sc.Base.JavaOptions, "-Dkompat.test.web={httpport}")
	if err := sc.Normalize(); err != nil {
		t.Fatal(err)
	}
	var bases []*processBase
	for range 2 {
		base, err := processRuntime{}.Start(context.Background(), sc.spec())
		if base != nil {
			defer base.Stop(context.Background())
		}
		if err != nil {
			t.Fatal(err)
		}
		bases = append(bases, base.(*processBase))
	}
	if bases[0].HTTPPort() == bases[1].HTTPPort() {
		t.Fatalf("both bases have web port %d", bases[0].HTTPPort())
	}
	for _, pb := range bases {
		if body := webHealth(t, pb.HTTPPort()); !strings.Contains(body, `"UP"`) {
			t.Errorf("web port %d health: %s", pb.HTTPPort(), body)
		}
		out, err := pb.Jcmd(context.Background(), "VM.system_properties")
		if err != nil {
			t.Fatal(err)
		}
		props := jcmd.ParseSystemProperties(out)
		want := strconv.Itoa(pb.HTTPPort())
		if props["server.port"] != want || props["kompat.test.web"] != want {
			t.Errorf("server.port=%q kompat.test.web=%q, want both %s", props["server.port"], props["kompat.test.web"], want)
		}
	}
}

// The reference base binds server.port as a Spring Boot base does: a port in use ends it.
func TestBaseOnAWebPortInUseFails(t *testing.T) {
	t.Parallel()
	b := needJDK(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	sc := scenario(b, 1, "clean")
	sc.Base.HTTPPort = l.Addr().(*net.TCPAddr).Port
	if err := sc.Normalize(); err != nil {
		t.Fatal(err)
	}
	base, err := processRuntime{}.Start(context.Background(), sc.spec())
	if base == nil {
		t.Fatal(err)
	}
	defer base.Stop(context.Background())
	select {
	case <-base.Exited():
	case <-time.After(60 * time.Second):
		t.Fatal("the base did not exit on a web port in use")
	}
	logs, _ := base.Logs(context.Background())
	if !strings.Contains(logs, "Web server failed to start. Port "+strconv.Itoa(sc.Base.HTTPPort)) {
		t.Errorf("log does not say the web port is in use:\n%s", logs)
	}
}
