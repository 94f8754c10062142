package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/kompat/kompat/reports"
)

// reportFlags are the output and gate flags every report-producing command shares.
type reportFlags struct {
	formats                []string
	outputs                []string
	failOn                 string
	quiet                  bool
	baseline               string
	writeBaseline          string
	root                   string
	category               string
	sarifIncludeSuppressed bool
	color                  string
	ignoreFile             string
	newFromRev             string

	failNone bool // --fail-on none: report only
}

func addReportFlags(fs *pflag.FlagSet, defaultFailOn string) *reportFlags {
	rf := &reportFlags{}
	fs.StringArrayVar(&rf.formats, "format", nil, "output format: "+strings.Join(reports.Formats(), ", ")+" (default table; repeatable, paired in order with -o)")
	fs.StringArrayVarP(&rf.outputs, "output", "o", nil, "write the report of the matching --format to FILE instead of stdout (repeatable: --format sarif -o k.sarif --format json -o k.json)")
	fs.StringVar(&rf.failOn, "fail-on", defaultFailOn, "exit 1 when a counted finding has at least this severity: "+strings.Join(failOnNames(), ", ")+" (none: report only)")
	fs.BoolVarP(&rf.quiet, "quiet", "q", false, "no progress or summary on stderr")
	fs.StringVar(&rf.baseline, "baseline", "", "accepted findings (a file written by --write-baseline): they are reported as unchanged and do not count")
	fs.StringVar(&rf.writeBaseline, "write-baseline", "", "write every unsuppressed finding of this run to FILE as the new baseline, say how many, and exit 0")
	fs.StringVar(&rf.root, "root", "", "directory report paths, fingerprints, baselines and the ignore file are relative to (default: the enclosing git work tree, else the working directory)")
	fs.StringVar(&rf.category, "category", "", "SARIF runAutomationDetails.id: names this analysis when several are uploaded for one commit")
	fs.BoolVar(&rf.sarifIncludeSuppressed, "sarif-include-suppressed", false, "keep suppressed and baselined findings in SARIF (GitHub shows every result as an open alert)")
	fs.StringVar(&rf.color, "color", "auto", "colour the table: auto (a terminal, unless NO_COLOR is set), always or never")
	fs.StringVar(&rf.ignoreFile, "ignore-file", "", "ignore file (default: .kompat-ignore.yaml at the root when it exists)")
	fs.StringVar(&rf.newFromRev, "new-from-rev", "", "count only findings on lines changed since git revision REV (work tree diff and untracked files); the rest are reported as unchanged")
	return rf
}

func failOnNames() []string {
	return []string{"none", "info", "low", "medium", "high", "critical"}
}

// validate checks the flags before any work starts, so a typo costs nothing.
func (rf *reportFlags) validate() (reports.Severity, error) {
	if strings.EqualFold(rf.failOn, "none") {
		rf.failNone = true
		return reports.SeverityCritical, rf.validateOutputs()
	}
	sev, err := reports.ParseSeverity(rf.failOn)
	if err != nil || sev == reports.SeverityNone {
		return 0, usagef("--fail-on: unknown severity %q (want one of %s)", rf.failOn, strings.Join(failOnNames(), ", "))
	}
	return sev, rf.validateOutputs()
}

func (rf *reportFlags) validateOutputs() error {
	switch rf.color {
	case "auto", "always", "never":
	default:
		return usagef("--color: %q is not auto, always or never", rf.color)
	}
	if len(rf.formats) == 0 {
		rf.formats = []string{"table"}
	}
	for _, f := range rf.formats {
		if _, err := reports.NewWriter(f, reports.WriterOptions{}); err != nil {
			return usagef("--format: %v", err)
		}
	}
	if len(rf.outputs) > len(rf.formats) {
		return usagef("%d -o files for %d --format: give each -o FILE its --format (e.g. --format sarif -o k.sarif)", len(rf.outputs), len(rf.formats))
	}
	if len(rf.formats) > len(rf.outputs)+1 {
		return usagef("%d --format for %d -o files: only one report can go to stdout; pair the others with -o FILE", len(rf.formats), len(rf.outputs))
	}
	seen := map[string]bool{}
	for _, o := range rf.outputs {
		if seen[o] {
			return usagef("-o %s given twice", o)
		}
		seen[o] = true
	}
	return nil
}

// useColor decides ANSI colour for a report on stdout.
func (rf *reportFlags) useColor(e *env) bool {
	switch rf.color {
	case "always":
		return true
	case "never":
		return false
	}
	return e.stdoutIsTTY && os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb"
}

// emit writes the report(s) and returns the exit code: 2 if any input could not be read, else 1
// if a counted finding reaches the threshold, else 0. The format never changes the code.
func (rf *reportFlags) emit(e *env, cmd string, r *reports.Report, threshold reports.Severity) int {
	root := rf.root
	if root == "" {
		wd, _ := os.Getwd()
		root = reports.FindRoot(wd)
	}
	r.Relativize(root)
	r.Generated = time.Now().UTC().Format(time.RFC3339)
	if err := rf.applyIgnoreFile(r); err != nil {
		return fail(e, cmd, err)
	}
	if rf.baseline != "" {
		b, err := reports.ReadBaseline(rf.baseline)
		if err != nil {
			return fail(e, cmd, usageError{err})
		}
		b.Apply(r)
	}
	if rf.newFromRev != "" {
		ch, err := gitChanges(r.Root, rf.newFromRev)
		if err != nil {
			return fail(e, cmd, usageError{err})
		}
		applyNewFromRev(r, ch, rf.newFromRev)
	}
	r.Sort()
	if rf.writeBaseline != "" {
		n, err := writeBaselineFile(rf.writeBaseline, r)
		if err != nil {
			return fail(e, cmd, err)
		}
		fmt.Fprintf(e.stderr, "kompat %s: wrote %d baseline entr%s (%d finding(s)) to %s\n", cmd, n.entries, plural(n.entries, "y", "ies"), n.findings, reports.Sanitize(rf.writeBaseline))
	}
	threshold0 := threshold
	if rf.failNone {
		threshold0 = reports.SeverityCritical + 1 // nothing fails
	}
	for i, format := range rf.formats {
		opts := reports.WriterOptions{Category: rf.category, IncludeSuppressed: rf.sarifIncludeSuppressed, FailOn: threshold0, Width: terminalWidth(e)}
		out := ""
		if i < len(rf.outputs) {
			out = rf.outputs[i]
		} else {
			opts.Color = rf.useColor(e)
		}
		w, err := reports.NewWriter(format, opts)
		if err != nil {
			return fail(e, cmd, usagef("--format: %v", err))
		}
		if err := writeReport(e.stdout, out, w, r); err != nil {
			return fail(e, cmd, err)
		}
		if out != "" && !rf.quiet {
			fmt.Fprintf(e.stderr, "kompat %s: %s report written to %s\n", cmd, format, reports.Sanitize(out))
		}
	}
	failing := len(r.Failing(threshold))
	if r.HasErrors() {
		fmt.Fprintf(e.stderr, "kompat %s: %s; exit 2\n", cmd, reports.Sanitize(errorSummary(r)))
		return exitError
	}
	if rf.writeBaseline != "" {
		return exitOK
	}
	if failing > 0 && !rf.failNone {
		if !rf.quiet {
			fmt.Fprintf(e.stderr, "kompat %s: %d finding(s) at or above %s\n", cmd, failing, threshold)
		}
		return exitFindings
	}
	return exitOK
}

// writeReport writes one report to a file, or to stdout when path is "".
func writeReport(stdout io.Writer, path string, w reports.Writer, r *reports.Report) error {
	out := stdout
	var f *os.File
	if path != "" {
		var err error
		f, err = os.Create(path)
		if err != nil {
			return fmt.Errorf("create report: %w", err)
		}
		out = f
	}
	bw := bufio.NewWriter(out)
	werr := w.Write(bw, r)
	if werr == nil {
		werr = bw.Flush()
	}
	if f != nil {
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
	}
	if werr != nil {
		return fmt.Errorf("write report: %w", werr)
	}
	return nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

type baselineCount struct{ entries, findings int }

func writeBaselineFile(path string, r *reports.Report) (baselineCount, error) {
	b := reports.NewBaseline(r)
	n := baselineCount{entries: len(b.Entries)}
	for _, e := range b.Entries {
		n.findings += e.Count
	}
	f, err := os.Create(path)
	if err != nil {
		return n, fmt.Errorf("write baseline: %w", err)
	}
	werr := b.Write(f)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return n, fmt.Errorf("write baseline %s: %w", path, werr)
	}
	return n, nil
}

// errorSummary says why a run exits 2: how many error notices, and the first one.
func errorSummary(r *reports.Report) string {
	n, first := 0, reports.Notice{}
	for _, x := range r.Notices {
		if x.Level == reports.NoticeError {
			if n == 0 {
				first = x
			}
			n++
		}
	}
	where := first.Path
	if where != "" {
		where += ": "
	}
	return fmt.Sprintf("%d error notice(s): an input could not be read or a check could not complete (first: %s %s%s)", n, first.Code, where, first.Message)
}
