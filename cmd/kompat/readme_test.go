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
