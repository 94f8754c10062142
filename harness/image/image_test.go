package image

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/moby/moby/client"
)

// engineOrSkip returns a client, skips with one line where no engine runs, and fails instead when
// KOMPAT_REQUIRE_DOCKER=1 (CI).
func engineOrSkip(t *testing.T) *client.Client {
	t.Helper()
	cli, err := Engine(context.Background())
	if err != nil {
		if os.Getenv("KOMPAT_REQUIRE_DOCKER") == "1" {
			t.Fatalf("KOMPAT_REQUIRE_DOCKER=1 but: %v", err)
		}
		t.Skipf("no Docker engine: %v", err)
	}
	t.Cleanup(func() { cli.Close() })
	return cli
}

func TestEnsureBuildsThenReuses(t *testing.T) {
	cli := engineOrSkip(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	first, err := Ensure(ctx, cli, Options{})
	if err != nil {
		t.Fatal(err)
	}
	second, err := Ensure(ctx, cli, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !second.Cached || second.ID != first.ID || second.Hash != first.Hash {
		t.Errorf("second Ensure must reuse the image: %+v then %+v", first, second)
	}
	ii, err := cli.ImageInspect(ctx, DefaultTag)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{LabelHash, LabelJcmd, LabelBridge, LabelJar} {
		if ii.Config.Labels[l] == "" {
			t.Errorf("image lacks label %s: %v", l, ii.Config.Labels)
		}
	}
	t.Logf("image %s %s: %d MB, first Ensure %s (cached=%v), second %s", DefaultTag, first.Hash, first.Size>>20,
		first.Duration, first.Cached, second.Duration)
}

func TestEngineUnreachable(t *testing.T) {
	t.Setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock")
	_, err := Engine(context.Background())
	if !errors.Is(err, ErrNoEngine) {
		t.Fatalf("want ErrNoEngine, got %v", err)
	}
	t.Log(err)
}
