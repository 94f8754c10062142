package checks_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/kompat/kompat/rules"
	"github.com/kompat/kompat/scanner"
)

// KP1007, KP1008 and KP1010: at the base side a static main(String[]) is the process owner
// starting its JVM (Tomcat's Bootstrap and Tool): the properties, defaults and exit are its own.
// A module's main is run by the base at install time, so there they count; and a JVM-wide change
// outside main counts on both sides.
func TestLauncherMainBySide(t *testing.T) {
	src := `package f;

public class Launcher {
    public static void main(String[] args) {
        System.setProperty("catalina.home", args[0]);
        System.getProperties().put("catalina.base", args[0]);
        java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("UTC"));
        if (args.length > 1) {
            System.exit(1);
        }
    }

    void configure(String home) {
        System.setProperty("catalina.home", home);
        java.util.Locale.setDefault(java.util.Locale.ROOT);
    }
}
`
	path := filepath.Join(t.TempDir(), "Launcher.java")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	want := map[rules.Side]map[string]int{
		rules.SideBase:   {"KP1007": 1, "KP1008": 1, "KP1010": 0},
		rules.SideModule: {"KP1007": 3, "KP1008": 2, "KP1010": 1},
	}
	for side, byRule := range want {
		for id, n := range byRule {
			rep, err := scanner.Scan(context.Background(), scanner.Config{Paths: []string{path}, Rules: []*rules.Meta{rules.Get(id)}, Side: side, Workers: 1})
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Findings) != n {
				t.Errorf("%s %s: %d findings, want %d: %+v", side, id, len(rep.Findings), n, rep.Findings)
			}
		}
	}
}
