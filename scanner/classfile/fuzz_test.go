package classfile

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse checks that no input makes the reader or the lowering panic.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("../../testdata/classfile/seeds/*.class")
	for _, s := range seeds {
		if data, err := os.ReadFile(s); err == nil {
			f.Add(data)
		}
	}
	data, _ := allTags(nil)
	f.Add(data)
	f.Fuzz(func(t *testing.T, data []byte) {
		cf, err := Parse(data)
		if err != nil {
			return
		}
		if _, err := Lower(cf, "fuzz.class", ""); err != nil {
			return
		}
	})
}
