package checks_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kompat/kompat/rules"
	"github.com/kompat/kompat/scanner"
)

// The project-scoped pairing rules cannot show their negative case in their own fixture: one
// release anywhere in the code base pairs every site. This test scans each fixture together with
// one more file that makes the release, and expects the findings to go away.
func TestResourcePairingAcrossFiles(t *testing.T) {
	cases := []struct {
		id      string
		release string // body of a class in package fixtures
		stays   []string
	}{
		{id: "KP3004", release: `void stop(Thread h) { Runtime.getRuntime().removeShutdownHook(h); }`},
		{id: "KP3006", release: `void stop(java.sql.Driver d) throws java.sql.SQLException { java.sql.DriverManager.deregisterDriver(d); }`},
		{id: "KP3007", release: `void stop(javax.management.ObjectName n) throws Exception { java.lang.management.ManagementFactory.getPlatformMBeanServer().unregisterMBean(n); }`},
		{id: "KP3008", release: `void stop(Object gc, javax.management.NotificationListener l) throws Exception { ((javax.management.NotificationEmitter) gc).removeNotificationListener(l); }`},
		{id: "KP3009", release: `void stop() { java.security.Security.removeProvider("Acme"); }`},
		{id: "KP3011", release: `void stop(Object spi) { javax.imageio.spi.IIORegistry.getDefaultInstance().deregisterServiceProvider(spi); }`},
		{id: "KP3012", release: `void stop(java.rmi.Remote r) throws Exception { java.rmi.server.UnicastRemoteObject.unexportObject(r, true); }`},
		{id: "KP3013", release: `void stop(java.util.logging.Handler h) { java.util.logging.Logger.getLogger("").removeHandler(h); }`},
		{id: "KP3018", release: `void stop() { java.beans.Introspector.flushCaches(); }`},
		{id: "KP3019", release: `void stop() { java.util.ResourceBundle.clearCache(getClass().getClassLoader()); }`},
		{id: "KP3010", release: `void stop() { java.beans.PropertyEditorManager.registerEditor(Editors.Money.class, null); }`},
		// Only the package-visible fields can be removed from another file; the private ones stay.
		{id: "KP3015", release: `void stop() { Holders.TRACE.remove(); }`, stays: []string{"Holders.USER", "Holders.FORMAT", "SaveRestore.LEAKY"}},
	}
	for _, tc := range cases {
		tc := tc
		t.Run(tc.id, func(t *testing.T) {
			m := rules.Lookup(tc.id)
			if m == nil {
				t.Fatalf("no rule %s", tc.id)
			}
			files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "rules", tc.id, "*.java"))
			if err != nil || len(files) == 0 {
				t.Fatalf("no fixture for %s", tc.id)
			}
			alone := scan(t, m, files)
			if len(alone) == 0 {
				t.Fatalf("%s: the fixture alone gives no finding", tc.id)
			}
			extra := filepath.Join(t.TempDir(), "Release.java")
			src := "package fixtures;\n\nclass Release {\n    " + tc.release + "\n}\n"
			if err := os.WriteFile(extra, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			paired := scan(t, m, append(append([]string{}, files...), extra))
			for _, msg := range paired {
				if !mentionsAny(msg, tc.stays) {
					t.Errorf("%s: still reported with the release in another file: %s", tc.id, msg)
				}
			}
			for _, s := range tc.stays {
				found := false
				for _, msg := range paired {
					found = found || strings.Contains(msg, s)
				}
				if !found {
					t.Errorf("%s: expected a finding about %s to stay", tc.id, s)
				}
			}
		})
	}
}

func scan(t *testing.T, m *rules.Meta, files []string) []string {
	t.Helper()
	rep, err := scanner.Scan(context.Background(), scanner.Config{Paths: files, Rules: []*rules.Meta{m}, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range rep.Findings {
		if f.RuleID == m.ID {
			out = append(out, f.Message)
		}
	}
	return out
}

func mentionsAny(msg string, subs []string) bool {
	for _, s := range subs {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}
