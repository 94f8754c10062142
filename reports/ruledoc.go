package reports

import (
	"fmt"
	"strings"
)

// RuleText is a rule's documentation as plain text: why, fix, references.
func RuleText(ri RuleInfo) string {
	var parts []string
	if ri.Why != "" {
		parts = append(parts, ri.Why)
	}
	if ri.Fix != "" {
		parts = append(parts, "Fix: "+ri.Fix)
	}
	if len(ri.References) > 0 {
		parts = append(parts, "References: "+strings.Join(ri.References, " "))
	}
	return strings.Join(parts, "\n\n")
}

// RuleMarkdown is a rule's documentation in markdown (SARIF help.markdown, docs/rules.md): why,
// fix, the before/after example and references, all from the rule's YAML.
func RuleMarkdown(ri RuleInfo) string {
	var b strings.Builder
	if ri.Title != "" {
		fmt.Fprintf(&b, "**%s** (%s, %s)\n\n", ri.Title, ri.ID, ri.Family)
	}
	if ri.Why != "" {
		fmt.Fprintf(&b, "### Why\n\n%s\n\n", strings.TrimSpace(ri.Why))
	}
	if ri.Fix != "" {
		fmt.Fprintf(&b, "### Fix\n\n%s\n\n", strings.TrimSpace(ri.Fix))
	}
	if ri.Before != "" {
		fmt.Fprintf(&b, "Before:\n\n```java\n%s\n```\n\n", strings.TrimRight(ri.Before, "\n"))
	}
	if ri.After != "" {
		fmt.Fprintf(&b, "After:\n\n```java\n%s\n```\n\n", strings.TrimRight(ri.After, "\n"))
	}
	if len(ri.References) > 0 {
		b.WriteString("### References\n\n")
		for _, r := range ri.References {
			fmt.Fprintf(&b, "- <%s>\n", r)
		}
		b.WriteString("\n")
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}
