package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/kompat/kompat/reports"
)

// MergeFindings makes one finding per problem out of the counted findings of a scan:
//
//   - the findings of several rules about one static field (a mutable holder written from a
//     setter: KP1001 on the field, KP1002 at the write, KP1005 for what it holds) become one, with
//     the strongest severity; the kept rule's findings at other sites stay;
//   - code-rule findings of different rules at one source line become one;
//   - a first-use advisory (a rule marked once) is reported at its first site only.
//
// The finding kept is the one with the strongest severity (then the higher rule ID, the more
// specific check, then the one at the field's declaration); its message gains the others' reasons and
// its related locations their places. Suppressed findings are left as they are, so a suppression
// keeps matching what it names. The order of the result is not specified (reports sort).
func MergeFindings(fs []reports.Finding) []reports.Finding {
	groups := map[string][]int{}
	var order []string
	key := make([]string, len(fs))
	for i, f := range fs {
		if f.Suppression != nil {
			continue
		}
		m := Lookup(f.RuleID)
		if m == nil || !m.Static() {
			continue
		}
		var k string
		switch {
		case m.Once:
			k = "once|" + f.RuleID
		case f.Subject != "":
			k = "field|" + f.Subject
		default:
			k = fmt.Sprintf("site|%s|%d", f.Location.Path, f.Location.Line)
		}
		key[i] = k
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], i)
	}
	drop := make([]bool, len(fs))
	for _, k := range order {
		idx := groups[k]
		if len(idx) < 2 {
			continue
		}
		if strings.HasPrefix(k, "once|") {
			sort.Slice(idx, func(a, b int) bool { return before(fs[idx[a]], fs[idx[b]]) })
			keep := &fs[idx[0]]
			for _, j := range idx[1:] {
				keep.Related = append(keep.Related, fs[j].Location)
				drop[j] = true
			}
			keep.Message += fmt.Sprintf(" (reported once for the code base: %d more call sites are listed as related locations)", len(idx)-1)
			continue
		}
		sort.Slice(idx, func(a, b int) bool { return stronger(fs[idx[a]], fs[idx[b]]) })
		keep := &fs[idx[0]]
		var also []string
		seen := map[string]bool{keep.Message: true}
		for _, j := range idx[1:] {
			o := fs[j]
			if o.RuleID == keep.RuleID {
				continue // the same rule at another site stays its own finding
			}
			drop[j] = true
			keep.Related = append(keep.Related, o.Location)
			keep.Confidence = max(keep.Confidence, o.Confidence)
			if seen[o.Message] {
				continue
			}
			seen[o.Message] = true
			where := ""
			if o.Location.Path != keep.Location.Path || o.Location.Line != keep.Location.Line {
				where = fmt.Sprintf(" (line %d)", o.Location.Line)
				if o.Location.Path != keep.Location.Path {
					where = fmt.Sprintf(" (%s:%d)", o.Location.Path, o.Location.Line)
				}
			}
			also = append(also, o.RuleID+where+": "+o.Message)
			keep.Evidence = append(keep.Evidence, "also "+o.RuleID+where)
		}
		if len(also) > 0 {
			keep.Message += " Also: " + strings.Join(also, "; ")
		}
	}
	out := fs[:0]
	for i, f := range fs {
		if !drop[i] {
			out = append(out, f)
		}
	}
	return out
}

// stronger orders the findings of one problem: the one to keep first.
func stronger(a, b reports.Finding) bool {
	if a.Severity != b.Severity {
		return a.Severity > b.Severity
	}
	if a.RuleID != b.RuleID {
		return a.RuleID > b.RuleID
	}
	ad, bd := a.Subject != "" && a.Location.Symbol == a.Subject, b.Subject != "" && b.Location.Symbol == b.Subject
	if ad != bd {
		return ad // at the field's declaration
	}
	return before(a, b)
}

func before(a, b reports.Finding) bool {
	if a.Location.Path != b.Location.Path {
		return a.Location.Path < b.Location.Path
	}
	if a.Location.Line != b.Location.Line {
		return a.Location.Line < b.Location.Line
	}
	return a.Location.Col < b.Location.Col
}
