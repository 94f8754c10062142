package scanner

import (
	"bytes"
	"strings"
	"testing"
)

// TestProgressLineCleared: the progress line is erased when the scan ends, leaving no
// "scanning: n/m" behind the report.
func TestProgressLineCleared(t *testing.T) {
	var b bytes.Buffer
	p := newProgress(&b, 2)
	p.step()
	p.step()
	p.done()
	out := b.String()
	if !strings.HasPrefix(out, "\rscanning: 1/2 files") || !strings.HasSuffix(out, "\r\x1b[K") || strings.Contains(out, "\n") {
		t.Fatalf("progress output %q", out)
	}
}
