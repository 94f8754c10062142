package scanner

import (
	"fmt"
	"io"
	"time"
)

// progress prints "files done/total" on one terminal line, at most ten times a second.
type progress struct {
	w     io.Writer
	total int
	n     int
	last  time.Time
}

func newProgress(w io.Writer, total int) *progress { return &progress{w: w, total: total} }

func (p *progress) step() {
	p.n++
	if p.w == nil || time.Since(p.last) < 100*time.Millisecond {
		return
	}
	p.last = time.Now()
	fmt.Fprintf(p.w, "\rscanning: %d/%d files", p.n, p.total)
}

// done clears the progress line, so the report and messages that follow start on a clean line.
func (p *progress) done() {
	if p.w == nil || p.last.IsZero() {
		return
	}
	fmt.Fprint(p.w, "\r\x1b[K")
}
