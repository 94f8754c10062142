package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/kompat/kompat/rules"
)

func init() {
	register(&command{name: "rules", summary: "list rules or explain one (rules list | rules explain ID | rules markdown)", run: runRules})
}

func runRules(_ context.Context, e *env, args []string) int {
	all, err := rules.Load()
	if err != nil {
		return fail(e, "rules", err)
	}
	if len(args) == 0 || args[0] == "list" {
		fmt.Fprintf(e.stdout, "%-7s %-34s %-13s %-17s %-10s %s\n", "ID", "SLUG", "FAMILY", "SEVERITY b/m", "CONFIDENCE", "TITLE")
		for _, m := range all {
			fmt.Fprintf(e.stdout, "%-7s %-34s %-13s %-17s %-10s %s\n", m.ID, m.Slug, m.Family,
				m.Severity.Base.String()+"/"+m.Severity.Module.String(), m.Confidence, m.Title)
		}
		fmt.Fprintf(e.stdout, "\n%d rules\n", len(all))
		return exitOK
	}
	if args[0] == "markdown" {
		fmt.Fprint(e.stdout, rulesMarkdown(all))
		return exitOK
	}
	if args[0] == "explain" {
		if len(args) != 2 {
			return fail(e, "rules", usagef("usage: kompat rules explain ID|SLUG"))
		}
		m := rules.Lookup(args[1])
		if m == nil {
			return fail(e, "rules", usagef("no rule %q (see kompat rules list)", args[1]))
		}
		fmt.Fprint(e.stdout, explain(m))
		return exitOK
	}
	return fail(e, "rules", usagef("unknown subcommand %q (want list or explain)", args[0]))
}

// rulesMarkdown renders the rule table that README.md carries between its rules markers.
func rulesMarkdown(all []*rules.Meta) string {
	var b strings.Builder
	b.WriteString("| ID | slug | family | severity (base / module) | confidence | runs on | title |\n")
	b.WriteString("|---|---|---|---|---|---|---|\n")
	for _, m := range all {
		fmt.Fprintf(&b, "| %s | %s | %s | %s / %s | %s | %s | %s |\n", m.ID, m.Slug, m.Family,
			m.Severity.Base, m.Severity.Module, m.Confidence, strings.Join(m.Frontends, ", "), m.Title)
	}
	fmt.Fprintf(&b, "\n%d rules.\n", len(all))
	return b.String()
}

func explain(m *rules.Meta) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %s\n\n", m.ID, m.Slug, m.Title)
	fmt.Fprintf(&b, "family:     %s\nseverity:   base %s, module %s\nconfidence: %s\nfrontends:  %s\n",
		m.Family, m.Severity.Base, m.Severity.Module, m.Confidence, strings.Join(m.Frontends, ", "))
	if len(m.Hazards) > 0 {
		fmt.Fprintf(&b, "hazards:    %s\n", strings.Join(m.Hazards, ", "))
	}
	fmt.Fprintf(&b, "\nWhy\n%s\n\nFix\n%s\n", indent(m.Why), indent(m.Fix.Text))
	if m.Fix.Before != "" {
		fmt.Fprintf(&b, "\nBefore\n%s\n\nAfter\n%s\n", indent(m.Fix.Before), indent(m.Fix.After))
	}
	if len(m.References) > 0 {
		fmt.Fprintf(&b, "\nReferences\n")
		for _, r := range m.References {
			fmt.Fprintf(&b, "  - %s\n", r)
		}
	}
	return b.String()
}

func indent(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = "  " + l
		}
	}
	return strings.Join(lines, "\n")
}
