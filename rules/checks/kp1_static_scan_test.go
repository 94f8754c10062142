package checks_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kompat/kompat/reports"
	"github.com/kompat/kompat/rules"
	"github.com/kompat/kompat/scanner"
)

// The fix.after shapes of KP1001, KP1003 and KP1004 (state partitioned by app ClassLoader and
// removed on stop) must not trip any static-state rule, and ST-01 severity follows the side.
func TestStaticStateFixesAreSilent(t *testing.T) {
	src := `package fixes;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

class TenantHolder {
    private static final Map<ClassLoader, String> TENANTS = new ConcurrentHashMap<>();

    public static void setTenant(String t) {
        TENANTS.put(Thread.currentThread().getContextClassLoader(), t);
    }

    public static void remove(ClassLoader appLoader) {
        TENANTS.remove(appLoader);
    }
}

class Handlers {
    interface Handler {}
    private static final Map<ClassLoader, Map<String, Handler>> HANDLERS = new ConcurrentHashMap<>();

    public static void register(String name, Handler h) {
        ClassLoader app = Thread.currentThread().getContextClassLoader();
        HANDLERS.computeIfAbsent(app, k -> new ConcurrentHashMap<>()).put(name, h);
    }

    public static void unregisterAll(ClassLoader app) {
        HANDLERS.remove(app);
    }
}

class Shared {
    static String mode = "prod";
}
`
	dir := t.TempDir()
	path := filepath.Join(dir, "Fixes.java")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	var metas []*rules.Meta
	for _, m := range rules.All() {
		if strings.HasPrefix(m.ID, "KP1") {
			metas = append(metas, m)
		}
	}
	for _, side := range []rules.Side{rules.SideModule, rules.SideBase} {
		rep, err := scanner.Scan(context.Background(), scanner.Config{Paths: []string{path}, Rules: metas, Side: side, Workers: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Findings) != 1 || rep.Findings[0].RuleID != "KP1001" || rep.Findings[0].Location.Symbol != "fixes.Shared.mode" {
			t.Fatalf("%s: want only KP1001 on Shared.mode, got %+v", side, rep.Findings)
		}
		// assigned only during class initialization: at most medium (exposed, not yet overwritten)
		want := reports.SeverityLow
		if side == rules.SideBase {
			want = reports.SeverityMedium
		}
		if got := rep.Findings[0].Severity; got != want {
			t.Errorf("%s: KP1001 severity %v, want %v", side, got, want)
		}
	}
}
