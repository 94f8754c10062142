package reports

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
)

func init() {
	Register("table", func(o WriterOptions) Writer { return tableWriter{color: o.Color} })
}

// tableWriter prints findings grouped by family, with counts by family and severity, then notices.
type tableWriter struct{ color bool }

var familyOrder = []string{"static-state", "classloader", "resources", "packaging", "adapters", "runtime", "tool"}

func (t tableWriter) Write(w io.Writer, r *Report) error {
	byFamily := map[string][]Finding{}
	var hidden, suppressed, baselined int
	var paths []string
	for _, f := range r.Findings {
		if !f.Counts() {
			hidden++
			if f.Suppression != nil {
				suppressed++
			} else {
				baselined++
			}
			continue
		}
		byFamily[f.Family] = append(byFamily[f.Family], f)
		paths = append(paths, f.Location.Path)
	}
	prefix := commonDir(paths)
	if prefix != "" {
		fmt.Fprintf(w, "Locations are relative to %s\n", prefix)
	}
	fams := append([]string{}, familyOrder...)
	for fam := range byFamily {
		if !slices.Contains(fams, fam) {
			fams = append(fams, fam)
		}
	}
	fired := map[string]Finding{}
	for _, fam := range fams {
		list := byFamily[fam]
		if len(list) == 0 {
			continue
		}
		sort.SliceStable(list, func(i, j int) bool { return list[i].Severity > list[j].Severity })
		fmt.Fprintf(w, "\n%s (%d)\n", t.bold(strings.ToUpper(fam)), len(list))
		tab := tablewriter.NewTable(w,
			tablewriter.WithHeaderAutoFormat(tw.Off),
			tablewriter.WithRowAutoWrap(tw.WrapNormal),
			tablewriter.WithColumnWidths(tw.Mapper[int, int]{0: 10, 1: 8, 2: locWidth(list, prefix), 3: findingWidth}),
		)
		tab.Header("SEVERITY", "RULE", "LOCATION", "FINDING")
		for _, f := range list {
			if _, ok := fired[f.RuleID]; !ok {
				fired[f.RuleID] = f
			}
			loc := strings.TrimPrefix(f.Location.Path, prefix)
			if f.Location.Line > 0 {
				loc = fmt.Sprintf("%s:%d", loc, f.Location.Line)
			}
			if f.Location.Artifact != "" {
				loc += " (" + f.Location.Artifact + ")"
			}
			msg := f.Message
			for _, a := range f.Adapters {
				state := "base lacks it"
				if a.InBase {
					state = "base has it"
				}
				msg += fmt.Sprintf("; adapter %s:%s:%s (%s)", a.GroupID, a.ArtifactID, a.Version, state)
			}
			for _, ev := range f.Evidence {
				msg += "\n- " + ev
			}
			if err := tab.Append([]string{t.sev(f.Severity), f.RuleID, loc, msg}); err != nil {
				return err
			}
		}
		if err := tab.Render(); err != nil {
			return err
		}
	}
	if len(fired) > 0 {
		fmt.Fprintf(w, "\n%s (kompat rules explain ID for the whole story)\n", t.bold("HOW TO FIX"))
		ids := make([]string, 0, len(fired))
		for id := range fired {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			f := fired[id]
			if f.Fix == "" {
				continue
			}
			fmt.Fprintf(w, "  %s %s: %s\n", id, f.Slug, f.Fix)
		}
	}
	if len(r.Notices) > 0 {
		fmt.Fprintf(w, "\n%s (%d)\n", t.bold("NOTICES"), len(r.Notices))
		for _, n := range r.Notices {
			loc := n.Path
			if n.Line > 0 {
				loc = fmt.Sprintf("%s:%d", loc, n.Line)
			}
			fmt.Fprintf(w, "  %-7s %s %s: %s\n", n.Level, n.Code, loc, n.Message)
		}
	}
	fmt.Fprintf(w, "\n%s\n", summaryLine(r, hidden, suppressed, baselined))
	return nil
}

// findingWidth keeps a table within about 130 columns of a terminal or a CI log.
const findingWidth = 64

// locWidth sizes the location column to its longest entry, within bounds.
func locWidth(list []Finding, prefix string) int {
	w := 10
	for _, f := range list {
		n := len(strings.TrimPrefix(f.Location.Path, prefix)) + 6
		if f.Location.Artifact != "" {
			n += len(f.Location.Artifact) + 3
		}
		if n > w {
			w = n
		}
	}
	if w > 44 {
		w = 44
	}
	return w
}

// commonDir returns the longest directory prefix (ending in "/") shared by all paths.
func commonDir(paths []string) string {
	if len(paths) == 0 {
		return ""
	}
	prefix := paths[0]
	for _, p := range paths[1:] {
		for !strings.HasPrefix(p, prefix) {
			prefix = prefix[:len(prefix)-1]
		}
	}
	if i := strings.LastIndex(prefix, "/"); i >= 0 {
		return prefix[:i+1]
	}
	return ""
}

// summaryLine counts what counts: by severity and by family, plus what was set aside.
func summaryLine(r *Report, hidden, suppressed, baselined int) string {
	sev := map[Severity]int{}
	fam := map[string]int{}
	total := 0
	for _, f := range r.Findings {
		if f.Counts() {
			sev[f.Severity]++
			fam[f.Family]++
			total++
		}
	}
	var parts []string
	for s := SeverityCritical; s >= SeverityInfo; s-- {
		if sev[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", sev[s], s))
		}
	}
	var fparts []string
	for _, f := range familyOrder {
		if fam[f] > 0 {
			fparts = append(fparts, fmt.Sprintf("%s %d", f, fam[f]))
		}
	}
	line := fmt.Sprintf("%d finding(s)", total)
	if len(parts) > 0 {
		line += " (" + strings.Join(parts, ", ") + ")"
	}
	if len(fparts) > 0 {
		line += "; by family: " + strings.Join(fparts, ", ")
	}
	line += fmt.Sprintf("; %d file(s) scanned", r.Stats.Files)
	if hidden > 0 {
		line += fmt.Sprintf("; %d suppressed, %d in baseline", suppressed, baselined)
	}
	if len(r.Notices) > 0 {
		line += fmt.Sprintf("; %d notice(s)", len(r.Notices))
	}
	return line
}

func (t tableWriter) sev(s Severity) string {
	if !t.color {
		return s.String()
	}
	code := "0"
	switch s {
	case SeverityCritical, SeverityHigh:
		code = "31;1"
	case SeverityMedium:
		code = "33"
	case SeverityLow:
		code = "36"
	}
	return "\x1b[" + code + "m" + s.String() + "\x1b[0m"
}

func (t tableWriter) bold(s string) string {
	if !t.color {
		return s
	}
	return "\x1b[1m" + s + "\x1b[0m"
}
