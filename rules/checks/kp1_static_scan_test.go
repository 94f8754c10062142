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

// At the base side, a static Class set once in class initialization by a helper of another file
// (whose loader choice the per-file pass cannot see) is medium and says so; one that an app
// overwrites after initialization stays at the rule's severity.
func TestKP1005OpaqueInitIsMedium(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"Loaders.java": `package lib;
public final class Loaders {
    public static Class<?> load(String name) {
        try {
            return Class.forName(name, false, Loaders.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return null;
        }
    }
}
`,
		"Holder.java": `package lib;
public class Holder {
    private static final Class<?> FEATURE = Loaders.load("x.Feature");
    private static Class<?> current = Loaders.load("x.Current");

    public static void use(Class<?> c) {
        current = c;
    }
}
`,
	}
	var paths []string
	for name, src := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	m := rules.Get("KP1005")
	if m == nil {
		t.Fatal("KP1005 not registered")
	}
	rep, err := scanner.Scan(context.Background(), scanner.Config{Paths: paths, Rules: []*rules.Meta{m}, Side: rules.SideBase, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]reports.Finding{}
	for _, f := range rep.Findings {
		got[f.Location.Symbol] = f
	}
	feature, ok := got["lib.Holder.FEATURE"]
	if !ok || feature.Severity != reports.SeverityMedium || !strings.Contains(feature.Message, "set once during class initialization by Loaders.load()") {
		t.Errorf("FEATURE: want a medium finding naming Loaders.load(), got %+v", feature)
	}
	current, ok := got["lib.Holder.current"]
	if !ok || current.Severity != reports.SeverityHigh || strings.Contains(current.Message, "set once") {
		t.Errorf("current: want the rule's high finding, got %+v", current)
	}
}
