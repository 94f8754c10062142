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

// One finding per problem: a mutable static holder written from a setter is one finding (not
// KP1001, KP1002 and KP1005), a static class-keyed map is one (not KP1003 and KP2008), each with
// the strongest severity and the others' reasons; a first-use advisory is reported once.
func TestOneFindingPerProblem(t *testing.T) {
	src := `package merge;

import java.util.Map;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;

public class Holder {
    private static ClassLoader loader;
    private static final Map<Class<?>, String> NAMES = new ConcurrentHashMap<>();

    public void setLoader(ClassLoader l) {
        loader = l;
    }

    public static String name(Class<?> c) {
        return NAMES.computeIfAbsent(c, Class::getName);
    }

    static String a() { return ResourceBundle.getBundle("a").getString("x"); }
    static String b() { return ResourceBundle.getBundle("b").getString("x"); }
}
`
	dir := t.TempDir()
	path := filepath.Join(dir, "Holder.java")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, side := range []rules.Side{rules.SideModule, rules.SideBase} {
		rep, err := scanner.Scan(context.Background(), scanner.Config{Paths: []string{path}, Side: side, Workers: 1})
		if err != nil {
			t.Fatal(err)
		}
		bySubject := map[string][]reports.Finding{}
		bundles := 0
		for _, f := range rep.Findings {
			switch {
			case strings.HasSuffix(f.Location.Symbol, ".loader") || strings.HasSuffix(f.Location.Symbol, "#setLoader"):
				bySubject["loader"] = append(bySubject["loader"], f)
			case strings.HasSuffix(f.Location.Symbol, ".NAMES"):
				bySubject["NAMES"] = append(bySubject["NAMES"], f)
			case f.RuleID == "KP3019":
				bundles++
			}
		}
		if got := bySubject["loader"]; len(got) != 1 || got[0].RuleID != "KP1005" || !strings.Contains(got[0].Message, "Also: KP1002") || !strings.Contains(got[0].Message, "KP1001") {
			t.Errorf("%s: the holder should be one KP1005 finding with KP1001 and KP1002's reasons, got %+v", side, got)
		}
		if got := bySubject["NAMES"]; len(got) != 1 || got[0].RuleID != "KP2008" || !strings.Contains(got[0].Message, "Also: KP1003") {
			t.Errorf("%s: the class-keyed map should be one KP2008 finding with KP1003's reason, got %+v", side, got)
		} else if want := reports.SeverityHigh; side == rules.SideBase && got[0].Severity != want {
			t.Errorf("%s: merged severity %v, want %v", side, got[0].Severity, want)
		}
		if bundles != 1 {
			t.Errorf("%s: KP3019 reported %d times, want once for the code base", side, bundles)
		}
	}
}
