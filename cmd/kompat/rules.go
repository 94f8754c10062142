package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/kompat/kompat/reports"
	"github.com/kompat/kompat/rules"
)

func init() {
	register(&command{name: "rules", summary: "list rules or explain one (rules list | rules explain ID | rules markdown)", examples: `  kompat rules list
  kompat rules explain KP1001
  kompat rules explain mutable-static-field
`, run: runRules})
}

func runRules(_ context.Context, e *env, args []string) int {
	all, err := rules.Load()
	if err != nil {
		return fail(e, "rules", err)
	}
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		fmt.Fprintf(e.stdout, "Usage: kompat rules list | explain ID|SLUG | markdown | docs\n\n"+
			"  list      every rule: ID, slug, family, severity on the base and module side, confidence, title\n"+
			"  explain   one rule's whole story: why, fix, before/after, references\n"+
			"  markdown  the rule table of README.md (make docs)\n"+
			"  docs      every rule's documentation as markdown (docs/rules.md, the SARIF helpUri target)\n"+
			"\nExamples:\n%s", commands["rules"].examples)
		return exitOK
	}
	if len(args) == 0 || args[0] == "list" {
		fmt.Fprintf(e.stdout, "%-7s %-34s %-13s %-17s %-10s %s\n", "ID", "SLUG", "FAMILY", "SEVERITY b/m", "CONFIDENCE", "TITLE")
		for _, m := range all {
			fmt.Fprintf(e.stdout, "%-7s %-34s %-13s %-17s %-10s %s\n", m.ID, m.Slug, m.Family,
				m.Severity.Base.String()+"/"+m.Severity.Module.String(), m.Confidence, m.Title)
		}
		fmt.Fprintf(e.stdout, "\n%d rules\n", len(all))
		fmt.Fprintf(e.stdout, "\n%-7s %-34s %s\n", "NOTICE", "SLUG", "TITLE")
		notices := rules.Notices()
		for _, m := range notices {
			fmt.Fprintf(e.stdout, "%-7s %-34s %s\n", m.ID, m.Slug, m.Title)
		}
		fmt.Fprintf(e.stdout, "\n%d notices (kompat rules explain KP9nnn says what one means and what to do)\n", len(notices))
		retired := rules.RetiredIDs()
		if len(retired) == 0 {
			fmt.Fprintf(e.stdout, "\nretired IDs: none\n")
		} else {
			fmt.Fprintf(e.stdout, "\nretired IDs (never reused):\n")
			for _, r := range retired {
				fmt.Fprintf(e.stdout, "%-7s %-34s %s\n", r.ID, r.Slug, r.Reason)
			}
		}
		return exitOK
	}
	if args[0] == "docs" {
		fmt.Fprint(e.stdout, rulesDocs(all))
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
			for _, r := range rules.RetiredIDs() {
				if strings.EqualFold(r.ID, args[1]) || r.Slug == args[1] {
					fmt.Fprintf(e.stdout, "%s %s is retired: %s\n", r.ID, r.Slug, r.Reason)
					return exitOK
				}
			}
			var names []string
			for _, r := range all {
				names = append(names, r.ID, r.Slug)
			}
			return fail(e, "rules", usagef("no rule %q%s (see kompat rules list)", args[1], suggest(args[1], names)))
		}
		fmt.Fprint(e.stdout, explain(m))
		return exitOK
	}
	return fail(e, "rules", usagef("unknown subcommand %q%s (want list, explain, markdown or docs)", args[0], suggest(args[0], []string{"list", "explain", "markdown", "docs"})))
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
	if m.Notice() {
		fmt.Fprintf(&b, "%s %s: %s\n\nnotice: kompat about its own work (family tool)\n", m.ID, m.Slug, m.Title)
		fmt.Fprintf(&b, "\nWhat it means\n%s\n\nWhat to do\n%s\n", indent(m.Why), indent(m.Fix.Text))
		return b.String()
	}
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

// rulesDocs renders docs/rules.md: one section per rule (the anchors SARIF helpUri links to).
func rulesDocs(all []*rules.Meta) string {
	var b strings.Builder
	b.WriteString("# kompat rules\n\nGenerated by `kompat rules docs` (`make docs`); do not edit.\n\n")
	for _, m := range all {
		fmt.Fprintf(&b, "## %s %s\n\nseverity: base %s, module %s; confidence %s; runs on %s\n\n%s\n", m.ID, m.Slug,
			m.Severity.Base, m.Severity.Module, m.Confidence, strings.Join(m.Frontends, ", "), reports.RuleMarkdown(m.Info()))
	}
	return b.String()
}
