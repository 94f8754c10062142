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

// A finding the analysis lowers carries a fix for its situation, not the rule's general advice:
// a private static written only by class initialization needs `final`, nothing else.
func TestFixTextFitsTheSituation(t *testing.T) {
	src := `package fix;

public class Modes {
    private static String mode = System.getProperty("mode", "prod");
    public static String shared = "x";

    static void set(String m) { shared = m; }
}
`
	path := filepath.Join(t.TempDir(), "Modes.java")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err := scanner.Scan(context.Background(), scanner.Config{Paths: []string{path}, Rules: []*rules.Meta{rules.Get("KP1001")}, Side: rules.SideBase, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]reports.Finding{}
	for _, f := range rep.Findings {
		got[f.Location.Symbol] = f
	}
	mode, shared := got["fix.Modes.mode"], got["fix.Modes.shared"]
	if mode.Severity != reports.SeverityLow || !strings.HasPrefix(mode.Fix, "Make the field final") {
		t.Errorf("init-only private static: severity %v, fix %q", mode.Severity, mode.Fix)
	}
	if shared.Severity != reports.SeverityHigh || shared.Fix != rules.Get("KP1001").FixHint() {
		t.Errorf("reassigned public static: severity %v, fix %q", shared.Severity, shared.Fix)
	}
}
