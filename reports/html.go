package reports

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"sort"
	"strings"
)

//go:embed templates/report.html.tmpl
var htmlFS embed.FS

var htmlTmpl = template.Must(template.New("report.html.tmpl").Funcs(template.FuncMap{
	"mib":   func(b float64) float64 { return b / (1 << 20) },
	"clean": validUTF8,
}).ParseFS(htmlFS, "templates/report.html.tmpl"))

func init() {
	Register("html", func(o WriterOptions) Writer { return htmlWriter{opts: o} })
}

// htmlWriter writes one self-contained HTML file (inline CSS, an inline script that only
// improves filtering, nothing fetched): a verdict banner against --fail-on, an SVG chart of
// findings by family and severity, findings ordered by severity with the code snippet of each,
// filters by severity, family, rule and file that work without JavaScript (checkboxes and CSS
// :has()), each rule's documentation once, the suppressed and baselined findings with their
// reasons, and the inputs and time. Text from inputs is escaped and made valid UTF-8.
type htmlWriter struct{ opts WriterOptions }

// htmlFinding is a finding with what the page shows of it.
type htmlFinding struct {
	Finding
	Loc      string
	Classes  string
	Snippet  []htmlLine
	Sev      string
	FamIndex int
}

type htmlLine struct {
	N    int
	Text string
	Mark bool
}

type htmlFacet struct {
	ID, Label string
	Count     int
}

type htmlSeverity struct {
	Name  string
	Count int
}

// severityColors are distinct per severity (critical and high clearly apart).
var severityColors = map[Severity]string{SeverityCritical: "#6a1b9a", SeverityHigh: "#d32f2f", SeverityMedium: "#ef8c00", SeverityLow: "#1e88a8", SeverityInfo: "#78909c"}

func (h htmlWriter) Write(w io.Writer, r *Report) error {
	src := newSources(r)
	r = cleanCopy(r)
	var shown, hidden []htmlFinding
	counts := map[Severity]int{}
	facets := map[string]map[string]int{"sev": {}, "fam": {}, "rule": {}, "file": {}}
	famCounts := map[string]map[Severity]int{}
	for _, f := range r.Findings {
		hf := htmlFinding{Finding: f, Sev: f.Severity.String(), Loc: f.Location.Path}
		if f.Location.Line > 0 {
			hf.Loc = fmt.Sprintf("%s:%d", f.Location.Path, f.Location.Line)
			hf.Snippet = snippet(src, f.Location.Path, f.Location.Line)
		}
		if !f.Counts() {
			hidden = append(hidden, hf)
			continue
		}
		counts[f.Severity]++
		if famCounts[f.Family] == nil {
			famCounts[f.Family] = map[Severity]int{}
		}
		famCounts[f.Family][f.Severity]++
		facets["sev"][hf.Sev]++
		facets["fam"][f.Family]++
		facets["rule"][f.RuleID]++
		facets["file"][OuterPath(f.Location.Path)]++
		shown = append(shown, hf)
	}
	sort.SliceStable(shown, func(i, j int) bool {
		a, b := shown[i], shown[j]
		if a.Severity != b.Severity {
			return a.Severity > b.Severity
		}
		return a.Location.Path < b.Location.Path
	})
	// Facet values get index-based ids so that CSS and ids never carry input text.
	ids := map[string]map[string]string{}
	lists := map[string][]htmlFacet{}
	for _, kind := range []string{"sev", "fam", "rule", "file"} {
		ids[kind] = map[string]string{}
		var vals []string
		for v := range facets[kind] {
			vals = append(vals, v)
		}
		if kind == "sev" {
			sort.Slice(vals, func(i, j int) bool { return sevRank(vals[i]) > sevRank(vals[j]) })
		} else {
			sort.Strings(vals)
		}
		for i, v := range vals {
			id := fmt.Sprintf("%s-%d", kind, i)
			ids[kind][v] = id
			lists[kind] = append(lists[kind], htmlFacet{ID: id, Label: v, Count: facets[kind][v]})
		}
	}
	var css strings.Builder
	for _, kind := range []string{"sev", "fam", "rule", "file"} {
		for _, fc := range lists[kind] {
			fmt.Fprintf(&css, "body:has(#f-%s:not(:checked)) tr.%s{display:none}\n", fc.ID, fc.ID)
		}
	}
	for i := range shown {
		f := &shown[i]
		f.Classes = strings.Join([]string{"finding", ids["sev"][f.Sev], ids["fam"][f.Family], ids["rule"][f.RuleID], ids["file"][OuterPath(f.Location.Path)]}, " ")
	}
	var sevs []htmlSeverity
	for s := SeverityCritical; s >= SeverityInfo; s-- {
		sevs = append(sevs, htmlSeverity{s.String(), counts[s]})
	}
	// Each rule that has a finding, documented once.
	fired := map[string]bool{}
	for _, f := range r.Findings {
		fired[f.RuleID] = true
	}
	var docs []RuleInfo
	for _, ri := range r.Rules {
		if fired[ri.ID] {
			docs = append(docs, ri)
			delete(fired, ri.ID)
		}
	}
	verdict, failing := "PASS", len(r.Failing(h.opts.FailOn))
	if h.opts.FailOn > SeverityCritical {
		failing = 0
	}
	switch {
	case r.HasErrors():
		verdict = "ERROR"
	case failing > 0:
		verdict = "FAIL"
	}
	failOn := h.opts.FailOn.String()
	if h.opts.FailOn > SeverityCritical {
		failOn = "none"
	} else if h.opts.FailOn == SeverityNone {
		failOn = "any"
	}
	return htmlTmpl.Execute(w, map[string]any{"R": r, "Findings": shown, "Hidden": hidden, "Severities": sevs,
		"Counted": len(shown), "Verdict": verdict, "Failing": failing, "FailOn": failOn,
		"Chart": familyChart(famCounts), "FilterCSS": template.CSS(css.String()), "Facets": lists, "Docs": docs,
		"Colors": severityCSS(), "Runs": htmlRuns(r.Runs)})
}

func sevRank(name string) int {
	s, _ := ParseSeverity(name)
	return int(s)
}

func severityCSS() template.CSS {
	var b strings.Builder
	for s, c := range severityColors {
		fmt.Fprintf(&b, ".sev.%s{background:%s}\n", s, c)
	}
	return template.CSS(b.String())
}

// snippet is the finding's line with two lines of context, the line marked.
func snippet(src *sources, path string, line int) []htmlLine {
	ls := src.lines(path)
	if line < 1 || line > len(ls) {
		return nil
	}
	var out []htmlLine
	for n := max(1, line-2); n <= min(len(ls), line+2); n++ {
		out = append(out, htmlLine{N: n, Text: validUTF8(strings.ReplaceAll(string(ls[n-1]), "\t", "    ")), Mark: n == line})
	}
	return out
}

// familyChart is an inline SVG bar per family, split by severity. Family names are escaped;
// everything else is numbers and fixed colours.
func familyChart(counts map[string]map[Severity]int) template.HTML {
	if len(counts) == 0 {
		return ""
	}
	var fams []string
	for _, f := range familyOrder {
		if counts[f] != nil {
			fams = append(fams, f)
		}
	}
	for f := range counts {
		if !strings.Contains(strings.Join(fams, "\x00")+"\x00", f+"\x00") {
			fams = append(fams, f)
		}
	}
	most := 1
	for _, f := range fams {
		n := 0
		for _, c := range counts[f] {
			n += c
		}
		most = max(most, n)
	}
	const rowH, labelW, barW = 26, 120, 520
	var b strings.Builder
	height := rowH*len(fams) + 30
	fmt.Fprintf(&b, `<svg class="chart" role="img" aria-label="findings by family and severity" width="%d" height="%d" viewBox="0 0 %d %d" xmlns="http://www.w3.org/2000/svg">`, labelW+barW+60, height, labelW+barW+60, height)
	for i, f := range fams {
		y := i*rowH + 4
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" font-size="12">%s</text>`, labelW-8, y+15, template.HTMLEscapeString(validUTF8(f)))
		x, total := labelW, 0
		for s := SeverityCritical; s >= SeverityInfo; s-- {
			n := counts[f][s]
			if n == 0 {
				continue
			}
			wd := max(n*barW/most, 3)
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="18" fill="%s"><title>%s %s: %d</title></rect>`, x, y, wd, severityColors[s], template.HTMLEscapeString(validUTF8(f)), s, n)
			x += wd
			total += n
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12">%d</text>`, x+6, y+15, total)
	}
	x := labelW
	for s := SeverityCritical; s >= SeverityInfo; s-- {
		y := rowH*len(fams) + 10
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="12" height="12" fill="%s"/><text x="%d" y="%d" font-size="12">%s</text>`, x, y, severityColors[s], x+16, y+11, s)
		x += 80
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// cleanCopy is a copy of the report whose input-derived text is valid UTF-8 without control
// characters, so the page is well-formed whatever the file and entry names were.
func cleanCopy(r *Report) *Report {
	c := *r
	loc := func(l Location) Location {
		l.Path, l.Symbol, l.Artifact = validUTF8(l.Path), validUTF8(l.Symbol), validUTF8(l.Artifact)
		return l
	}
	c.Inputs = make([]string, len(r.Inputs))
	for i, in := range r.Inputs {
		c.Inputs[i] = validUTF8(in)
	}
	c.Root = validUTF8(r.Root)
	c.Findings = make([]Finding, len(r.Findings))
	for i, f := range r.Findings {
		f.Message, f.Fix, f.Location = validUTF8(f.Message), validUTF8(f.Fix), loc(f.Location)
		f.Related = append([]Location(nil), f.Related...)
		for k := range f.Related {
			f.Related[k] = loc(f.Related[k])
		}
		f.Evidence = append([]string(nil), f.Evidence...)
		for k := range f.Evidence {
			f.Evidence[k] = validUTF8(f.Evidence[k])
		}
		if f.Suppression != nil {
			s := *f.Suppression
			s.Reason, s.Where = validUTF8(s.Reason), validUTF8(s.Where)
			f.Suppression = &s
		}
		c.Findings[i] = f
	}
	c.Notices = make([]Notice, len(r.Notices))
	for i, n := range r.Notices {
		n.Path, n.Message = validUTF8(n.Path), validUTF8(n.Message)
		c.Notices[i] = n
	}
	return &c
}
