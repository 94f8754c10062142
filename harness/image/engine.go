package image

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/moby/moby/client"
	"github.com/testcontainers/testcontainers-go"
	tclog "github.com/testcontainers/testcontainers-go/log"
)

// ErrNoEngine means no Docker engine answered: the container runtime, the image build and the
// cleanup command cannot work, and must say so (exit 2), never pass.
var ErrNoEngine = errors.New("no Docker engine reachable")

// Labels every container, network and volume the harness creates carries.
const (
	// LabelHarness marks a resource as the harness's; `kompat cleanup` removes what carries it.
	LabelHarness = "kompat.harness"
	// LabelRun names the run (one base) that created the resource.
	LabelRun = "kompat.harness.run"
)

var envOnce sync.Once

// PrepareEnv sets what testcontainers-go must see before its first call: the reaper (Ryuk) is
// disabled because its image cannot be pulled (the harness removes what it starts itself), and
// its chatter goes to a no-op logger unless KOMPAT_DEBUG is set. It is idempotent.
func PrepareEnv() {
	envOnce.Do(func() {
		os.Setenv("TESTCONTAINERS_RYUK_DISABLED", "true")
		if os.Getenv("KOMPAT_DEBUG") == "" {
			tclog.SetDefault(tclog.NewNoopLogger())
		}
	})
}

// Engine connects to the Docker engine the environment names (DOCKER_HOST, else what
// testcontainers-go finds: the docker context, the default socket) and checks that it answers
// within a few seconds. The error wraps ErrNoEngine when nothing answers. The caller closes the
// client.
func Engine(ctx context.Context) (*client.Client, error) {
	PrepareEnv()
	var cli *client.Client
	if os.Getenv("DOCKER_HOST") != "" {
		// Read the variable now: testcontainers-go caches the host it resolved first.
		c, err := client.New(client.FromEnv)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrNoEngine, err)
		}
		cli = c
	} else {
		cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		c, err := testcontainers.NewDockerClientWithOpts(cctx)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrNoEngine, err)
		}
		cli = c.Client
	}
	pctx, pcancel := context.WithTimeout(ctx, 5*time.Second)
	defer pcancel()
	if _, err := cli.Ping(pctx, client.PingOptions{}); err != nil {
		host := cli.DaemonHost()
		cli.Close()
		return nil, fmt.Errorf("%w at %s (the container runtime needs a running Docker engine: start it or point DOCKER_HOST at it): %w", ErrNoEngine, host, err)
	}
	return cli, nil
}
