//go:build linux

package harness

import (
	"context"
	"os"
	"strings"
	"testing"
)

// A base whose arklet answers before the base is ready (the reference base with
// kompat.refbase.readyAfterMillis, as a Spring Boot base whose context refresh opens arklet before
// its web server starts) gets no install before it says it is ready: by default (actuator health
// on its web port, else the "Started ... in" line), and with a scenario's own HTTP or log check.
// The base itself records every install that arrives early; with arklet health alone they do.
func TestInstallsWaitUntilTheBaseIsReady(t *testing.T) {
	t.Parallel()
	b := needJDK(t)
	for name, c := range map[string]struct {
		readiness *ReadinessConfig
		delay     string
		early     bool
		progress  string
	}{
		"default":      {nil, "3000", false, "readiness: actuator health UP at http://127.0.0.1:"},
		"http":         {&ReadinessConfig{HTTP: "http://127.0.0.1:{httpport}/actuator/health"}, "3000", false, "/actuator/health answering UP"},
		"log":          {&ReadinessConfig{Log: `Started Main in`}, "3000", false, `readiness: a base log line matching "Started Main in"`},
		"arklet alone": {&ReadinessConfig{Arklet: true}, "30000", true, "readiness: arklet health"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			rt := &trackingRuntime{processRuntime: processRuntime{KeepWorkDir: true}}
			defer rt.assertGone(t)
			sc := scenario(b, 1, "clean")
			sc.Base.JavaOptions = append(sc.Base.JavaOptions, "-Dkompat.refbase.readyAfterMillis="+c.delay)
			sc.Base.Readiness = c.readiness
			var progress syncBuffer
			res, err := run(context.Background(), sc, options{Runtime: rt, Progress: &progress})
			if err != nil {
				t.Fatal(err)
			}
			defer os.RemoveAll(rt.bases[0].workDir)
			if len(res.Findings) != 0 || len(res.Cycles) != 1 || res.Cycles[0].ModulesCycling != 1 {
				dump(t, res)
				t.Fatalf("want one clean cycle, got %+v", res.Cycles)
			}
			if !strings.Contains(progress.String(), c.progress) {
				t.Errorf("progress does not say %q:\n%s", c.progress, progress.String())
			}
			logs, err := os.ReadFile(rt.bases[0].LogPath())
			if err != nil {
				t.Fatal(err)
			}
			early := strings.Contains(string(logs), "installBiz arrived before the base was ready")
			started := strings.Contains(string(logs), "[refbase] Started Main in ")
			switch {
			case c.early && !early:
				t.Errorf("with arklet health alone the install should have come before the base was ready:\n%s", logs)
			case !c.early && (early || !started):
				t.Errorf("an install arrived before the base was ready, or it never was (started %v):\n%s", started, logs)
			}
		})
	}
}
