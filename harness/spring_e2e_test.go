//go:build linux

package harness

import (
	"context"
	"os"
	"testing"

	"github.com/kompat/kompat/harness/fixtures"
)

// needSpring returns the fixtures with the Spring test modules, or skips (fails under CI, where
// .ci/run installs libspring-context-java) when Debian's Spring jars are missing.
func needSpring(t *testing.T) *fixtures.Built {
	t.Helper()
	b := needJDK(t)
	if why := fixtures.SpringMissing(); why != "" {
		if os.Getenv("KOMPAT_REQUIRE_DOCKER") != "" {
			t.Fatalf("Spring test modules: %s", why)
		}
		t.Skipf("Spring test modules: %s", why)
	}
	return b
}

// The base closes a Spring module's ApplicationContext on uninstall (the module registered it
// through its context initializer, as a Koupleless module does): the Spring-managed scheduler
// shuts down with it, no thread survives, and the loader, though java.beans and Spring caches
// still hold its classes softly or weakly, is collected.
func TestSpringContextClosedOnUninstall(t *testing.T) {
	t.Parallel()
	b := needSpring(t)
	rt := &trackingRuntime{}
	defer rt.assertGone(t)
	res, err := Run(context.Background(), scenario(b, 2, "spring-scheduler"), Options{Runtime: rt})
	if err != nil {
		t.Fatal(err)
	}
	dump(t, res)
	if len(res.Findings) != 0 {
		t.Errorf("the clean Spring module gave %d finding(s)", len(res.Findings))
	}
	for _, c := range res.Cycles {
		if c.LoadersAlive != 0 || c.ThreadsAlive != 0 {
			t.Errorf("cycle %d: %d loaders, %d threads alive; want 0, 0", c.Cycle, c.LoadersAlive, c.ThreadsAlive)
		}
	}
}
