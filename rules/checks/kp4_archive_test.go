package checks

import (
	"strings"
	"testing"

	"github.com/kompat/kompat/reports"
	"github.com/kompat/kompat/rules"
)

// TestArchiveRules runs the jar-level rules through the engine's archive pass.
func TestArchiveRules(t *testing.T) {
	all, err := rules.Load()
	if err != nil {
		t.Fatal(err)
	}
	if errs := rules.ValidateChecks(all); len(errs) > 0 {
		t.Fatal(errs)
	}
	eng := rules.NewEngine(all)
	cases := []struct {
		name string
		a    rules.Archive
		side rules.Side
		want map[string]string // rule ID -> message part
	}{
		{"driver registration", rules.Archive{Path: "m.jar!/lib/d.jar", Artifact: "com.example:d:1.0", Services: []string{"java.sql.Driver", "x.Y"}}, rules.SideModule,
			map[string]string{"KP4007": "com.example:d:1.0 registers a JDBC driver"}},
		{"other services only", rules.Archive{Path: "s.jar", Services: []string{"javax.annotation.processing.Processor"}}, rules.SideModule, map[string]string{}},
		{"native code", rules.Archive{Path: "n.jar", Native: []string{"a.so", "b.so", "c.so", "d.so"}}, rules.SideModule,
			map[string]string{"KP4008": "n.jar ships native code (a.so, b.so, c.so, and 1 more)"}},
		{"duplicate class", rules.Archive{Path: "dup.jar", Duplicates: []string{"README", "a/B.class"}}, rules.SideBase,
			map[string]string{"KP4009": "entries for a/B.class"}},
		{"duplicate resource only", rules.Archive{Path: "dup.jar", Duplicates: []string{"README"}}, rules.SideBase, map[string]string{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fs, ns := eng.RunArchive(&tc.a, tc.side)
			if len(ns) > 0 {
				t.Fatalf("notices %+v", ns)
			}
			got := map[string]reports.Finding{}
			for _, f := range fs {
				got[f.RuleID] = f
			}
			if len(got) != len(tc.want) {
				t.Fatalf("findings %+v, want %v", fs, tc.want)
			}
			for id, msg := range tc.want {
				f := got[id]
				if !strings.Contains(f.Message, msg) || f.Location.Path != tc.a.Path || f.Fingerprint == "" || f.Severity != rules.Get(id).SeverityFor(tc.side) {
					t.Errorf("%s: %+v", id, f)
				}
			}
		})
	}
}
