//go:build linux

package harness

import (
	"context"
	"os"
	"strings"
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
	res, err := run(context.Background(), scenario(b, 2, "spring-scheduler"), options{Runtime: rt})
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

// A Spring module whose bean makes an executor by hand: the context close has nothing to shut
// down, the thread survives, and it holds the module's loader as its context loader.
func TestSpringHandMadeExecutorLeaks(t *testing.T) {
	t.Parallel()
	b := needSpring(t)
	rt := &trackingRuntime{}
	defer rt.assertGone(t)
	res, err := run(context.Background(), scenario(b, 2, "spring-executor-leak"), options{Runtime: rt})
	if err != nil {
		t.Fatal(err)
	}
	dump(t, res)
	checkModule(t, res, "spring-executor-leak",
		want{"KP8001", []string{"thread 'spring-executor-leak-poller' (context loader)"}},
		want{"KP8002", []string{"spring-executor-leak-poller"}})
}

// With soft references kept (the JVM's default policy, restored here after kompat's
// -XX:SoftRefLRUPolicyMSPerMB=0), the clean Spring module's loader stays live after uninstall:
// the java.beans introspection cache holds its classes softly. The heap dump shows no strong
// path, so it is a notice, not a retained loader.
func TestSoftlyHeldLoaderIsNotRetained(t *testing.T) {
	t.Parallel()
	b := needSpring(t)
	rt := &trackingRuntime{}
	defer rt.assertGone(t)
	sc := scenario(b, 2, "spring-scheduler")
	sc.Base.JavaOptions = append(sc.Base.JavaOptions, "-XX:SoftRefLRUPolicyMSPerMB=1000000")
	res, err := run(context.Background(), sc, options{Runtime: rt})
	if err != nil {
		t.Fatal(err)
	}
	dump(t, res)
	if len(res.Findings) != 0 {
		t.Errorf("a softly held loader gave %d finding(s)", len(res.Findings))
	}
	alive, noted := 0, false
	for _, c := range res.Cycles {
		alive += c.LoadersAlive
		if c.LoadersAlive > 0 && c.HeapDump == nil {
			t.Errorf("cycle %d: %d loader(s) alive and no heap dump taken", c.Cycle, c.LoadersAlive)
		}
	}
	for _, n := range res.Notices {
		noted = noted || (n.Code == noticeSoftOnly && strings.Contains(n.Message, "spring-scheduler:1.0.0"))
	}
	if alive == 0 {
		t.Skip("the JVM cleared the soft references anyway: nothing to tell apart")
	}
	if !noted {
		t.Errorf("no %s notice for the softly held loader: %+v", noticeSoftOnly, res.Notices)
	}
}
