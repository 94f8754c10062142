package main

import (
	"os"
	"strings"
	"testing"

	"github.com/kompat/kompat/rules"
)

// TestREADMERuleTable keeps README.md true: its rule table is the generated one (make docs).
func TestREADMERuleTable(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	begin := strings.Index(text, "<!-- rules:begin -->\n")
	end := strings.Index(text, "<!-- rules:end -->")
	if begin < 0 || end < begin {
		t.Fatal("README.md lacks the rules:begin/rules:end markers")
	}
	all, err := rules.Load()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := text[begin+len("<!-- rules:begin -->\n"):end], rulesMarkdown(all); got != want {
		t.Fatal("README.md's rule table is stale: run `make docs`")
	}
}

// TestRuleDocsHaveEveryRule: docs/rules.md (the SARIF helpUri target, `make docs`) has a section
// for every rule, under the anchor HelpURI links to.
func TestRuleDocsHaveEveryRule(t *testing.T) {
	data, err := os.ReadFile("../../docs/rules.md")
	if err != nil {
		t.Fatal(err)
	}
	all, err := rules.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range all {
		heading := "\n## " + m.ID + " " + m.Slug + "\n"
		if !strings.Contains(string(data), heading) {
			t.Errorf("docs/rules.md lacks %q: run `make docs`", strings.TrimSpace(heading))
		}
		// GitHub's anchor of that heading is the lower-cased text with spaces as dashes.
		if want := strings.ToLower(m.ID) + "-" + m.Slug; !strings.HasSuffix(rules.HelpURI(m.ID, m.Slug), "#"+want) {
			t.Errorf("%s: helpUri %s does not link the heading", m.ID, rules.HelpURI(m.ID, m.Slug))
		}
	}
}
