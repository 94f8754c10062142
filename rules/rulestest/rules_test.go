package rulestest

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/kompat/kompat/reports"
	"github.com/kompat/kompat/rules"
	"github.com/kompat/kompat/scanner"
)

const fixtures = "../../testdata/rules"

// TestDefinitions: the embedded rule files parse and validate, IDs and slugs are unique, every
// code rule has logic (a match block or a Go check) and a fixture with positive and negative cases.
func TestDefinitions(t *testing.T) {
	all, err := rules.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range rules.ValidateChecks(all) {
		t.Error(e)
	}
	for _, m := range all {
		if !m.Static() {
			continue
		}
		fx, err := ReadFixture(filepath.Join(fixtures, m.ID))
		if err != nil {
			t.Errorf("%s: fixture: %v", m.ID, err)
			continue
		}
		if len(fx.Files) == 0 {
			t.Errorf("%s: no fixture under testdata/rules/%s", m.ID, m.ID)
			continue
		}
		wants := 0
		for _, w := range fx.Wants {
			if !w.Todo && (w.Frontend == "" || m.Runs(w.Frontend)) {
				wants++
			}
		}
		if wants == 0 || fx.OKLines == 0 {
			t.Errorf("%s: fixture needs at least one `// want` (positive) and one `// ok` (negative) case", m.ID)
		}
	}
}

// TestSourceFixtures runs each code rule alone over its fixture with the source frontend.
func TestSourceFixtures(t *testing.T) {
	all, err := rules.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range all {
		if !m.Runs(rules.FrontSource) {
			continue
		}
		m := m
		t.Run(m.ID+"-"+m.Slug, func(t *testing.T) {
			dir := filepath.Join(fixtures, m.ID)
			fx, err := ReadFixture(dir)
			if err != nil || len(fx.Files) == 0 {
				t.Skipf("no fixture (TestDefinitions reports it)")
			}
			rep, err := scanner.Scan(context.Background(), scanner.Config{Paths: fx.Files, Rules: []*rules.Meta{m}, Workers: 1, EverySite: true})
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range rep.Notices {
				if n.Level == reports.NoticeError || n.Code == "KP9001" {
					t.Errorf("notice: %s %s:%d %s", n.Code, n.Path, n.Line, n.Message)
				}
			}
			var got []Got
			for _, f := range rep.Findings {
				if f.Suppression != nil {
					continue
				}
				got = append(got, Got{File: f.Location.Path, Line: f.Location.Line, Message: f.Message})
			}
			for _, p := range Compare(fx, "source", got) {
				t.Error(p)
			}
		})
	}
}

func TestMain(m *testing.M) {
	if _, err := os.Stat(fixtures); err != nil {
		panic("run from rules/rulestest: " + err.Error())
	}
	os.Exit(m.Run())
}
