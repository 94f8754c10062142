package adapters

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/kompat/kompat/reports"
)

// TestRuleDefs keeps the Go rule table equal to rules/defs/KP4*.yaml and KP5*.yaml.
func TestRuleDefs(t *testing.T) {
	type def struct {
		ID       string `yaml:"id"`
		Slug     string `yaml:"slug"`
		Title    string `yaml:"title"`
		Family   string `yaml:"family"`
		Severity struct {
			Base   reports.Severity `yaml:"base"`
			Module reports.Severity `yaml:"module"`
		} `yaml:"severity"`
		Confidence reports.Confidence `yaml:"confidence"`
		Frontends  []string           `yaml:"frontends"`
		Hazards    []string           `yaml:"hazards"`
		Why        string             `yaml:"why"`
		Fix        struct {
			Text   string `yaml:"text"`
			Before string `yaml:"before"`
			After  string `yaml:"after"`
		} `yaml:"fix"`
		References []string `yaml:"references"`
	}
	files, _ := filepath.Glob("../rules/defs/KP[45]*.yaml")
	defs := map[string]def{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var d def
		if err := yaml.Unmarshal(data, &d); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if len(d.Frontends) == 1 && d.Frontends[0] != "adapters" {
			continue // another stage's rule (e.g. the scanner's jar-level packaging rules)
		}
		if want := d.ID + "-" + d.Slug + ".yaml"; filepath.Base(f) != want {
			t.Errorf("%s: file name should be %s", f, want)
		}
		if strings.TrimSpace(d.Why) == "" || strings.TrimSpace(d.Fix.Text) == "" || d.Fix.Before == "" || d.Fix.After == "" {
			t.Errorf("%s: why, fix.text, fix.before and fix.after are required", f)
		}
		if len(d.Frontends) != 1 || d.Frontends[0] != "adapters" {
			t.Errorf("%s: frontends %v", f, d.Frontends)
		}
		defs[d.ID] = d
	}
	for _, m := range allRules {
		d, ok := defs[m.ID]
		if !ok {
			t.Errorf("%s has no rules/defs file", m.ID)
			continue
		}
		if d.Slug != m.Slug || d.Title != m.Title || d.Family != m.Family || d.Severity.Base != m.Base ||
			d.Severity.Module != m.Module || d.Confidence != m.Confidence {
			t.Errorf("%s: Go table %+v differs from YAML %+v", m.ID, m, d)
		}
		delete(defs, m.ID)
	}
	for id := range defs {
		t.Errorf("%s is defined in YAML but this package never reports it", id)
	}
}
