package reports

import (
	"embed"
	"html/template"
	"io"
	"sort"
)

//go:embed templates/report.html.tmpl
var htmlFS embed.FS

var htmlTmpl = template.Must(template.New("report.html.tmpl").Funcs(template.FuncMap{
	"mib": func(b float64) float64 { return b / (1 << 20) },
}).ParseFS(htmlFS, "templates/report.html.tmpl"))

func init() {
	Register("html", func(WriterOptions) Writer { return htmlWriter{} })
}

// htmlWriter writes one self-contained, escaped HTML file: inline CSS, no scripts, nothing fetched.
type htmlWriter struct{}

type htmlFamily struct {
	Name     string
	Findings []Finding
}

type htmlSeverity struct {
	Name  string
	Count int
}

func (htmlWriter) Write(w io.Writer, r *Report) error {
	by := map[string][]Finding{}
	counts := map[Severity]int{}
	hidden, counted := 0, 0
	for _, f := range r.Findings {
		if !f.Counts() {
			hidden++
			continue
		}
		counted++
		counts[f.Severity]++
		by[f.Family] = append(by[f.Family], f)
	}
	var fams []htmlFamily
	seen := map[string]bool{}
	for _, name := range familyOrder {
		if len(by[name]) > 0 {
			fams = append(fams, htmlFamily{name, by[name]})
			seen[name] = true
		}
	}
	var rest []string
	for name := range by {
		if !seen[name] {
			rest = append(rest, name)
		}
	}
	sort.Strings(rest)
	for _, name := range rest {
		fams = append(fams, htmlFamily{name, by[name]})
	}
	var sevs []htmlSeverity
	for s := SeverityCritical; s >= SeverityInfo; s-- {
		sevs = append(sevs, htmlSeverity{s.String(), counts[s]})
	}
	return htmlTmpl.Execute(w, map[string]any{"R": r, "Families": fams, "Severities": sevs, "Hidden": hidden, "Counted": counted,
		"Runs": htmlRuns(r.Runs)})
}
