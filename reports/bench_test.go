package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"syscall"
	"testing"
	"time"
)

// manyFindings is a report like a scan of a module with n mutable static fields (KP1001 each).
func manyFindings(n int) *Report {
	r := &Report{SchemaVersion: SchemaVersion, Tool: "kompat", Version: "dev", Command: "scan", Inputs: []string{"src"}}
	r.Findings = make([]Finding, n)
	for i := range r.Findings {
		f := &r.Findings[i]
		f.RuleID, f.Slug, f.Family = "KP1001", "mutable-static-field", "static-state"
		f.Severity, f.Confidence = SeverityHigh, ConfidenceHigh
		f.Message = fmt.Sprintf("static field com.acme.generated.Holder%d.field%d is written after class initialization: its value outlives the module and pins the module's ClassLoader", i/100, i)
		f.Location = Location{Path: fmt.Sprintf("src/main/java/com/acme/generated/Holder%d.java", i/100), Line: 10 + i%100, Symbol: fmt.Sprintf("com.acme.generated.Holder%d.field%d", i/100, i)}
		f.Fix = "Keep the state in an instance owned by the module, or clear it on the module's uninstall event."
		f.Fingerprint = fmt.Sprintf("%032x", i)
	}
	return r
}

// BenchmarkWriteManyFindings writes 65,000 findings as a table and as JSON under the CLI's soft
// memory limit (48 MiB), where per-finding garbage makes the collector run again and again.
func BenchmarkWriteManyFindings(b *testing.B) {
	r := manyFindings(65000)
	old := debug.SetMemoryLimit(48 << 20)
	defer debug.SetMemoryLimit(old)
	for _, format := range []string{"table", "json"} {
		b.Run(format, func(b *testing.B) {
			w, err := NewWriter(format, WriterOptions{})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			// CPU time and collections per write: on a loaded machine they say more than wall time.
			var m0, m1 runtime.MemStats
			var u0, u1 syscall.Rusage
			runtime.ReadMemStats(&m0)
			syscall.Getrusage(syscall.RUSAGE_SELF, &u0)
			for i := 0; i < b.N; i++ {
				if err := w.Write(io.Discard, r); err != nil {
					b.Fatal(err)
				}
			}
			syscall.Getrusage(syscall.RUSAGE_SELF, &u1)
			runtime.ReadMemStats(&m1)
			cpu := time.Duration(u1.Utime.Nano()+u1.Stime.Nano()-u0.Utime.Nano()-u0.Stime.Nano()) / time.Duration(b.N)
			b.ReportMetric(cpu.Seconds(), "cpu-s/op")
			b.ReportMetric(float64(m1.NumGC-m0.NumGC)/float64(b.N), "gc/op")
		})
	}
}

// The streamed JSON is byte for byte what encoding the whole report writes.
func TestJSONStreamedAsWhole(t *testing.T) {
	r := manyFindings(50)
	r.Findings[3].Message = "<b>&amp; 日本語 \x1b[2J \u2028"
	r.Findings[4].Evidence = []string{"a", "b"}
	r.Findings[5].Suppression = &Suppression{Reason: "ok"}
	r.Inputs = append(r.Inputs, `"findings": []`)
	r.Notices = []Notice{{Code: "KP9001", Level: NoticeWarning, Path: "a.java", Message: "m"}}
	for _, findings := range [][]Finding{r.Findings, r.Findings[:1], {}, nil} {
		c := *r
		c.Findings = findings
		var want, got bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		if err := enc.Encode(&c); err != nil {
			t.Fatal(err)
		}
		if err := (jsonWriter{}).Write(&got, &c); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Fatalf("%d findings: streamed JSON differs:\n%s\nwant\n%s", len(findings), got.String(), want.String())
		}
	}
}
