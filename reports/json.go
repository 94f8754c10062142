package reports

import (
	"encoding/json"
	"io"
)

func init() {
	Register("json", func(WriterOptions) Writer { return jsonWriter{} })
}

// jsonWriter writes the whole report; the layout is versioned by SchemaVersion.
type jsonWriter struct{}

func (jsonWriter) Write(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
