package reports

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// Writer renders a report in one format.
type Writer interface {
	Write(w io.Writer, r *Report) error
}

// WriterOptions tune writers that have presentation choices.
type WriterOptions struct {
	Color bool // ANSI colour (only when writing to a terminal)
	// Width is the terminal width tables wrap to (0: 100 columns).
	Width int
	// Category is SARIF's runAutomationDetails.id (one per analysis uploaded to GitHub).
	Category string
	// IncludeSuppressed keeps suppressed and baselined findings in SARIF (GitHub would show them as
	// open alerts).
	IncludeSuppressed bool
	// FailOn is the gate threshold, for writers that show a verdict (HTML, JUnit).
	FailOn Severity
}

var writers = map[string]func(WriterOptions) Writer{}

// Register adds a format; each writer file registers itself in init.
func Register(name string, mk func(WriterOptions) Writer) { writers[name] = mk }

// Formats lists the registered format names.
func Formats() []string {
	var out []string
	for k := range writers {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// NewWriter returns the writer for a format name.
func NewWriter(format string, opts WriterOptions) (Writer, error) {
	mk, ok := writers[format]
	if !ok {
		return nil, fmt.Errorf("unknown format %q (want one of %s)", format, strings.Join(Formats(), ", "))
	}
	return mk(opts), nil
}
