package main

import (
	"bufio"
	"fmt"
	"os"

	"github.com/spf13/pflag"

	"github.com/kompat/kompat/reports"
)

// reportFlags are the output and gate flags every report-producing command shares.
type reportFlags struct {
	format        string
	output        string
	failOn        string
	quiet         bool
	baseline      string
	writeBaseline string
}

func addReportFlags(fs *pflag.FlagSet, defaultFailOn string) *reportFlags {
	rf := &reportFlags{}
	fs.StringVar(&rf.format, "format", "table", "output format: table, json, sarif, html (whatever is registered)")
	fs.StringVarP(&rf.output, "output", "o", "", "write the report to FILE instead of stdout")
	fs.StringVar(&rf.failOn, "fail-on", defaultFailOn, "exit 1 when a counted finding has at least this severity (info, low, medium, high, critical)")
	fs.BoolVarP(&rf.quiet, "quiet", "q", false, "no progress on stderr")
	fs.StringVar(&rf.baseline, "baseline", "", "accepted findings (a file written by --write-baseline): they are reported as unchanged and do not count")
	fs.StringVar(&rf.writeBaseline, "write-baseline", "", "write every unsuppressed finding of this run to FILE as the new baseline")
	return rf
}

// validate checks the flags before any work starts, so a typo costs nothing.
func (rf *reportFlags) validate() (reports.Severity, error) {
	sev, err := reports.ParseSeverity(rf.failOn)
	if err != nil || sev == reports.SeverityNone {
		return 0, usagef("--fail-on: unknown severity %q", rf.failOn)
	}
	if _, err := reports.NewWriter(rf.format, reports.WriterOptions{}); err != nil {
		return 0, usagef("--format: %v", err)
	}
	return sev, nil
}

// emit writes the report and returns the exit code: 2 if any input could not be read, else 1 if a
// counted finding reaches the threshold, else 0. The format never changes the code.
func (rf *reportFlags) emit(e *env, cmd string, r *reports.Report, threshold reports.Severity) int {
	if rf.baseline != "" {
		b, err := reports.ReadBaseline(rf.baseline)
		if err != nil {
			return fail(e, cmd, usageError{err})
		}
		b.Apply(r)
	}
	if rf.writeBaseline != "" {
		if err := writeBaselineFile(rf.writeBaseline, r); err != nil {
			return fail(e, cmd, err)
		}
	}
	r.Sort()
	color := rf.output == "" && e.stdoutIsTTY
	w, err := reports.NewWriter(rf.format, reports.WriterOptions{Color: color})
	if err != nil {
		return fail(e, cmd, usagef("--format: %v", err))
	}
	out := e.stdout
	var f *os.File
	if rf.output != "" {
		f, err = os.Create(rf.output)
		if err != nil {
			return fail(e, cmd, fmt.Errorf("create report: %w", err))
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
		return fail(e, cmd, fmt.Errorf("write report: %w", werr))
	}
	failing := len(r.Failing(threshold))
	if r.HasErrors() {
		fmt.Fprintf(e.stderr, "kompat %s: %s; exit 2\n", cmd, errorSummary(r))
		return exitError
	}
	if failing > 0 {
		if !rf.quiet {
			fmt.Fprintf(e.stderr, "kompat %s: %d finding(s) at or above %s\n", cmd, failing, threshold)
		}
		return exitFindings
	}
	return exitOK
}

func writeBaselineFile(path string, r *reports.Report) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write baseline: %w", err)
	}
	werr := reports.NewBaseline(r).Write(f)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return fmt.Errorf("write baseline %s: %w", path, werr)
	}
	return nil
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
