package reports

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
)

func init() {
	Register("json", func(WriterOptions) Writer { return jsonWriter{} })
}

// jsonWriter writes the whole report; the layout is versioned by SchemaVersion. The findings are
// encoded one at a time into a reused buffer and streamed, so a report with many findings costs
// no more memory than one finding (the bytes are those json.Encoder with a two-space indent
// writes for the whole report).
type jsonWriter struct{}

func (jsonWriter) Write(w io.Writer, r *Report) error {
	if len(r.Findings) == 0 {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	head := *r
	head.Findings = []Finding{}
	var hb bytes.Buffer
	enc := json.NewEncoder(&hb)
	enc.SetIndent("", "  ")
	if err := enc.Encode(&head); err != nil {
		return err
	}
	// Strings are escaped in JSON, so the first `"findings": []` at the top level is the key.
	const key = "\n  \"findings\": []"
	i := bytes.Index(hb.Bytes(), []byte(key))
	if i < 0 {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	split := i + len(key) - 1 // at the closing bracket
	bw.Write(hb.Bytes()[:split])
	var fb bytes.Buffer
	fenc := json.NewEncoder(&fb)
	fenc.SetIndent("    ", "  ")
	for k := range r.Findings {
		fb.Reset()
		if err := fenc.Encode(&r.Findings[k]); err != nil {
			return err
		}
		if k == 0 {
			bw.WriteString("\n    ")
		} else {
			bw.WriteString(",\n    ")
		}
		bw.Write(bytes.TrimSuffix(fb.Bytes(), []byte("\n")))
	}
	bw.WriteString("\n  ")
	bw.Write(hb.Bytes()[split:])
	return bw.Flush()
}
