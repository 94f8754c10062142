package reports

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mattn/go-runewidth"
)

func init() {
	Register("table", func(o WriterOptions) Writer { return tableWriter{color: o.Color, width: o.Width} })
}

// tableWriter prints findings grouped by family (most severe first), each with its fix, then
// notices and a summary. Cells wrap at word boundaries to the terminal width; nothing is cut off.
// Text from inputs is sanitized so it cannot drive the terminal.
type tableWriter struct {
	color bool
	width int
}

var familyOrder = []string{"static-state", "classloader", "resources", "packaging", "adapters", "runtime", "tool"}

func (t tableWriter) Write(w io.Writer, r *Report) error {
	byFamily := map[string][]*Finding{} // pointers: no copy of the findings stays live
	var hidden, suppressed, baselined int
	var paths []string
	for i := range r.Findings {
		f := &r.Findings[i]
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
	switch {
	case prefix != "" && r.Root != "" && !strings.HasPrefix(prefix, "/"):
		fmt.Fprintf(w, "Locations are relative to %s\n", Sanitize(strings.TrimSuffix(r.Root, "/")+"/"+prefix))
	case prefix != "":
		fmt.Fprintf(w, "Locations are relative to %s\n", Sanitize(prefix))
	case r.Root != "" && len(paths) > 0:
		fmt.Fprintf(w, "Locations are relative to %s\n", Sanitize(r.Root))
	}
	fams := append([]string{}, familyOrder...)
	for fam := range byFamily {
		if !slices.Contains(fams, fam) {
			fams = append(fams, fam)
		}
	}
	width := t.width
	if width <= 0 {
		width = defaultWidth
	}
	for _, fam := range fams {
		list := byFamily[fam]
		if len(list) == 0 {
			continue
		}
		sort.SliceStable(list, func(i, j int) bool { return list[i].Severity > list[j].Severity })
		fmt.Fprintf(w, "\n%s (%d)\n", t.bold(strings.ToUpper(fam)), len(list))
		// A row is built when it is printed (twice: once for the column widths), so the rows of a
		// family are never all in memory at once.
		row := func(i int, full bool) ([4]string, Severity) {
			f := list[i]
			loc := strings.TrimPrefix(f.Location.Path, prefix)
			if f.Location.Line > 0 {
				loc += ":" + strconv.Itoa(f.Location.Line)
			}
			if f.Location.Artifact != "" {
				loc += " (" + f.Location.Artifact + ")"
			}
			if !full {
				return [4]string{f.Severity.String(), f.RuleID, SanitizeLine(loc)}, f.Severity
			}
			msg := f.Message
			for _, a := range f.Adapters {
				state := "base lacks it"
				if a.InBase {
					state = "base has it"
				}
				msg += fmt.Sprintf("; adapter %s:%s:%s (%s)", a.GroupID, a.ArtifactID, a.Version, state)
			}
			msg = SanitizeLine(msg)
			for _, ev := range f.Evidence {
				msg += "\n- " + SanitizeLine(ev)
			}
			if f.Fix != "" {
				msg += "\nfix: " + SanitizeLine(f.Fix)
			}
			return [4]string{f.Severity.String(), f.RuleID, SanitizeLine(loc), msg}, f.Severity
		}
		if err := t.render(w, width, len(list), row); err != nil {
			return err
		}
	}
	if len(r.Notices) > 0 {
		fmt.Fprintf(w, "\n%s (%d)\n", t.bold("NOTICES"), len(r.Notices))
		for _, n := range r.Notices {
			loc := n.Path
			if n.Line > 0 {
				loc = fmt.Sprintf("%s:%d", loc, n.Line)
			}
			line := fmt.Sprintf("%-7s %s %s: %s", n.Level, n.Code, SanitizeLine(loc), SanitizeLine(n.Message))
			for i, l := range wrapText(line, width-6) {
				if i > 0 {
					l = "    " + l
				}
				fmt.Fprintf(w, "  %s\n", l)
			}
		}
	}
	fmt.Fprintln(w)
	for i, l := range wrapText(summaryLine(r, hidden, suppressed, baselined), width-2) {
		if i > 0 {
			l = "  " + l
		}
		fmt.Fprintln(w, l)
	}
	if len(byFamily) > 0 {
		fmt.Fprintln(w, "Run 'kompat rules explain ID' for a rule's whole story (why, fix, before/after).")
	}
	return nil
}

// defaultWidth is the table width when the terminal's is unknown (CI logs, files).
const defaultWidth = 100

// separators are where a word too long for its column may be broken.
const separators = "/.$#:,-_"

// render prints n rows under a header, wrapping every cell at word boundaries to fit width. row
// returns row i: its first three cells only unless full.
func (t tableWriter) render(w io.Writer, width, n int, row func(i int, full bool) ([4]string, Severity)) error {
	head := [4]string{"SEVERITY", "RULE", "LOCATION", "FINDING"}
	cols := [4]int{8, 6, 10, 0}
	for ri := 0; ri < n; ri++ {
		r, _ := row(ri, false)
		for i := 0; i < 3; i++ {
			if n := strWidth(r[i]); n > cols[i] {
				cols[i] = n
			}
		}
	}
	// The location takes at most a third of the width; the finding gets the rest (at least 24).
	if limit := width / 3; cols[2] > limit {
		cols[2] = limit
	}
	cols[3] = width - cols[0] - cols[1] - cols[2] - 6
	if cols[3] < 24 {
		cols[3] = 24
	}
	var buf []byte // one line at a time, reused: no garbage per line
	line := func(cells [4][]string, sev Severity, colored bool) error {
		n := 0
		for _, c := range cells {
			n = max(n, len(c))
		}
		for k := 0; k < n; k++ {
			buf = buf[:0]
			for i := 0; i < 4; i++ {
				cell := ""
				if k < len(cells[i]) {
					cell = cells[i][k]
				}
				if i == 3 {
					buf = append(buf, cell...)
					break
				}
				pad := max(cols[i]-strWidth(cell), 0)
				if i == 0 && colored && cell != "" {
					cell = t.sev(sev)
				}
				buf = append(buf, cell...)
				for j := 0; j < pad+2; j++ {
					buf = append(buf, ' ')
				}
			}
			buf = append(bytes.TrimRight(buf, " "), '\n')
			if _, err := w.Write(buf); err != nil {
				return err
			}
		}
		return nil
	}
	var hc [4][]string
	for i := range head {
		hc[i] = []string{head[i]}
	}
	if err := line(hc, 0, false); err != nil {
		return err
	}
	for ri := 0; ri < n; ri++ {
		r, sev := row(ri, true)
		var cells [4][]string
		for i := range r {
			for _, para := range strings.Split(r[i], "\n") {
				indent := ""
				if strings.HasPrefix(para, "- ") {
					indent = "  "
				} else if strings.HasPrefix(para, "fix: ") {
					indent = "     "
				}
				for k, l := range wrapText(para, cols[i]-len(indent)) {
					if k > 0 {
						l = indent + l
					}
					cells[i] = append(cells[i], l)
				}
			}
		}
		if err := line(cells, sev, true); err != nil {
			return err
		}
	}
	return nil
}

// wrapText breaks s into lines of at most width display columns, at spaces; a word longer than
// the width is broken after a separator ('/', '.', '$', ...) where it has one, and only cut
// where it has none.
func wrapText(s string, width int) []string {
	width = max(width, 8)
	if strWidth(s) <= width {
		return []string{s}
	}
	var out []string
	// The current line is s[start:end] while its words are only separated by single spaces (no
	// copy); it is built in b once a word was broken or the spacing differs.
	var b []byte
	curW := -1 // width of the current line; -1 when there is none
	flush := func() {
		if curW >= 0 {
			out = append(out, string(b))
			b, curW = b[:0], -1
		}
	}
	for _, word := range strings.Fields(s) {
		ww := strWidth(word)
		for ww > width {
			flush()
			cut := breakPoint(word, width)
			out = append(out, word[:cut])
			word = word[cut:]
			ww = strWidth(word)
		}
		switch {
		case curW < 0:
			b, curW = append(b, word...), ww
		case curW+1+ww <= width:
			b = append(append(b, ' '), word...)
			curW += 1 + ww
		default:
			flush()
			b, curW = append(b, word...), ww
		}
	}
	flush()
	if out == nil {
		out = []string{""}
	}
	return out
}

// strWidth is the display width of s: its length for printable ASCII (what sanitized report
// text mostly is), else what runewidth says.
func strWidth(s string) int {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return runewidth.StringWidth(s)
		}
	}
	return len(s)
}

// breakPoint is the byte offset at which to break a word too long for width: after the last
// separator that fits, else at the width (on a rune boundary).
func breakPoint(word string, width int) int {
	best, hard, w := 0, 0, 0
	for i, r := range word {
		rw := runewidth.RuneWidth(r)
		if w+rw > width {
			break
		}
		w += rw
		hard = i + utf8.RuneLen(r)
		if strings.ContainsRune(separators, r) {
			best = hard
		}
	}
	switch {
	case best > 0:
		return best
	case hard > 0:
		return hard
	}
	_, size := utf8.DecodeRuneInString(word)
	return size
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
	case SeverityCritical:
		code = "1;97;41"
	case SeverityHigh:
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
