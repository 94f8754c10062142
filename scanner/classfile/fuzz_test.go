package classfile

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// FuzzParse checks that no input makes the reader or the lowering panic, and that a reusing
// Decoder lowers every input exactly as ParseAndLower does (so buffer reuse leaks nothing from
// one class into the next).
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("../../testdata/classfile/seeds/*.class")
	for _, s := range seeds {
		if data, err := os.ReadFile(s); err == nil {
			f.Add(data)
		}
	}
	data, _ := allTags(nil)
	f.Add(data)
	var mu sync.Mutex
	var dec Decoder
	f.Fuzz(func(t *testing.T, data []byte) {
		want, err := ParseAndLower(data, "fuzz.class", "")
		mu.Lock()
		got, derr := dec.Decode(data, "fuzz.class", "")
		var gs string
		if derr == nil {
			gs = summary(got)
		}
		mu.Unlock()
		if (err == nil) != (derr == nil) {
			t.Fatalf("ParseAndLower error %v, Decoder error %v", err, derr)
		}
		if err == nil && summary(want) != gs {
			t.Fatalf("Decoder and ParseAndLower differ:\n%s\nvs\n%s", gs, summary(want))
		}
	})
}
