package reports

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"
)

func init() {
	Register("github", func(o WriterOptions) Writer { return githubWriter{o} })
	Register("junit", func(o WriterOptions) Writer { return junitWriter{o} })
	Register("gitlab", func(o WriterOptions) Writer { return gitlabWriter{} })
}

// githubWriter prints GitHub Actions workflow commands (::error file=...::message): annotations on
// the pull request's diff with no code-scanning licence. Only counted findings are annotated;
// high and critical are errors, medium warnings, the rest notices.
type githubWriter struct{ opts WriterOptions }

// ghData escapes a workflow command's message; ghProp also escapes a property value.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(Sanitize(s))
}

func ghProp(s string) string {
	return strings.NewReplacer(":", "%3A", ",", "%2C").Replace(ghData(s))
}

func (g githubWriter) Write(w io.Writer, r *Report) error {
	n := 0
	for _, f := range r.Findings {
		if !f.Counts() {
			continue
		}
		n++
		level := "notice"
		switch {
		case f.Severity >= SeverityHigh:
			level = "error"
		case f.Severity >= SeverityMedium:
			level = "warning"
		}
		props := []string{"file=" + ghProp(OuterPath(f.Location.Path))}
		if f.Location.Line > 0 && !strings.Contains(f.Location.Path, "!/") {
			props = append(props, fmt.Sprintf("line=%d", f.Location.Line))
			if f.Location.Col > 0 {
				props = append(props, fmt.Sprintf("col=%d", f.Location.Col))
			}
		}
		props = append(props, "title="+ghProp(fmt.Sprintf("%s %s (%s)", f.RuleID, f.Slug, f.Severity)))
		msg := f.Message
		if strings.Contains(f.Location.Path, "!/") || strings.HasSuffix(f.Location.Path, ".class") {
			msg += " [" + f.Location.Path + "]"
		}
		if f.Fix != "" {
			msg += "\nFix: " + f.Fix
		}
		if _, err := fmt.Fprintf(w, "::%s %s::%s\n", level, strings.Join(props, ","), ghData(msg)); err != nil {
			return err
		}
	}
	for _, no := range r.Notices {
		if no.Level == NoticeInfo {
			continue
		}
		level := map[string]string{NoticeError: "error", NoticeWarning: "warning"}[no.Level]
		props := []string{"title=" + ghProp(no.Code)}
		if no.Path != "" {
			props = append([]string{"file=" + ghProp(OuterPath(no.Path))}, props...)
		}
		if _, err := fmt.Fprintf(w, "::%s %s::%s\n", level, strings.Join(props, ","), ghData(no.Message)); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintf(w, "kompat: %d finding(s) annotated, %d notice(s)\n", n, len(r.Notices))
	return err
}

// junitWriter writes JUnit XML for any CI's test view: one test case per rule that ran, a
// failure per finding at or above the gate threshold; findings below it are listed in the test
// case's system-out.
type junitWriter struct{ opts WriterOptions }

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name      string      `xml:"name,attr"`
	Tests     int         `xml:"tests,attr"`
	Failures  int         `xml:"failures,attr"`
	Errors    int         `xml:"errors,attr"`
	Timestamp string      `xml:"timestamp,attr,omitempty"`
	Cases     []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string         `xml:"name,attr"`
	ClassName string         `xml:"classname,attr"`
	Failures  []junitFailure `xml:"failure"`
	Errors    []junitFailure `xml:"error"`
	SystemOut string         `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

func (j junitWriter) Write(w io.Writer, r *Report) error {
	byRule := map[string][]Finding{}
	for _, f := range r.Findings {
		if f.Counts() {
			byRule[f.RuleID] = append(byRule[f.RuleID], f)
		}
	}
	info := map[string]RuleInfo{}
	for _, ri := range r.Rules {
		info[ri.ID] = ri
	}
	for id, fs := range byRule {
		if _, ok := info[id]; !ok {
			info[id] = RuleInfo{ID: id, Slug: fs[0].Slug, Family: fs[0].Family, Title: fs[0].Slug}
		}
	}
	ids := make([]string, 0, len(info))
	for id := range info {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	suite := junitSuite{Name: "kompat " + r.Command, Timestamp: strings.TrimSuffix(r.Generated, "Z")}
	for _, id := range ids {
		ri := info[id]
		c := junitCase{Name: validUTF8(id + " " + ri.Slug + ": " + ri.Title), ClassName: "kompat." + ri.Family}
		var below []string
		for _, f := range byRule[id] {
			loc := f.Location.Path
			if f.Location.Line > 0 {
				loc = fmt.Sprintf("%s:%d", loc, f.Location.Line)
			}
			text := loc + ": " + f.Message
			if f.Fix != "" {
				text += "\nFix: " + f.Fix
			}
			if f.Severity >= j.opts.FailOn {
				c.Failures = append(c.Failures, junitFailure{Message: validUTF8(loc + ": " + f.Message), Type: f.Severity.String(), Text: validUTF8(text)})
			} else {
				below = append(below, validUTF8(f.Severity.String()+" "+text))
			}
		}
		c.SystemOut = strings.Join(below, "\n")
		suite.Tests++
		if len(c.Failures) > 0 {
			suite.Failures++
		}
		suite.Cases = append(suite.Cases, c)
	}
	// An input that could not be scanned is an error test case, so the CI view is not green.
	for _, n := range r.Notices {
		if n.Level != NoticeError {
			continue
		}
		suite.Tests++
		suite.Errors++
		suite.Cases = append(suite.Cases, junitCase{Name: validUTF8(n.Code + " " + n.Path), ClassName: "kompat.tool",
			Errors: []junitFailure{{Message: validUTF8(n.Message), Type: n.Code, Text: validUTF8(n.Path + ": " + n.Message)}}})
	}
	doc := junitSuites{Name: "kompat", Tests: suite.Tests, Failures: suite.Failures, Errors: suite.Errors, Suites: []junitSuite{suite}}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// gitlabWriter writes GitLab's Code Quality report (a JSON array of issues) for merge request
// widgets: counted findings only, each with a unique fingerprint.
type gitlabWriter struct{}

type gitlabIssue struct {
	Description string         `json:"description"`
	CheckName   string         `json:"check_name"`
	Fingerprint string         `json:"fingerprint"`
	Severity    string         `json:"severity"`
	Categories  []string       `json:"categories,omitempty"`
	Location    gitlabLocation `json:"location"`
}

type gitlabLocation struct {
	Path  string      `json:"path"`
	Lines gitlabLines `json:"lines"`
}

type gitlabLines struct {
	Begin int `json:"begin"`
}

func gitlabSeverity(s Severity) string {
	return map[Severity]string{SeverityCritical: "blocker", SeverityHigh: "critical", SeverityMedium: "major", SeverityLow: "minor"}[s]
}

func (gitlabWriter) Write(w io.Writer, r *Report) error {
	out := []gitlabIssue{}
	seen := map[string]int{}
	for _, f := range r.Findings {
		if !f.Counts() {
			continue
		}
		fp := f.Fingerprint
		seen[fp]++
		if n := seen[fp]; n > 1 {
			fp = fmt.Sprintf("%s-%d", fp, n)
		}
		line := f.Location.Line
		if line < 1 || strings.Contains(f.Location.Path, "!/") {
			line = 1
		}
		sev := gitlabSeverity(f.Severity)
		if sev == "" {
			sev = "info"
		}
		desc := f.Message
		if f.Fix != "" {
			desc += ". Fix: " + f.Fix
		}
		if strings.Contains(f.Location.Path, "!/") {
			desc += " [" + f.Location.Path + "]"
		}
		out = append(out, gitlabIssue{Description: desc, CheckName: f.RuleID + " " + f.Slug, Fingerprint: fp, Severity: sev,
			Categories: []string{"Security", "Bug Risk"},
			Location:   gitlabLocation{Path: OuterPath(f.Location.Path), Lines: gitlabLines{Begin: line}}})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
