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
