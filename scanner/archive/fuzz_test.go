package archive

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/kompat/kompat/reports"
	"github.com/kompat/kompat/scanner/classfile"
)

// FuzzWalk feeds arbitrary bytes to the walker as a jar and parses and lowers every class it
// yields: nothing may panic, and limits must hold.
func FuzzWalk(f *testing.F) {
	seeds, _ := filepath.Glob("../../testdata/archive/seeds/*")
	for _, s := range seeds {
		if data, err := os.ReadFile(s); err == nil {
			f.Add(data)
		}
	}
	f.Add(mkzip(f, cls("com/a/A"), zent{name: "lib/x-1.jar", data: mkzip(f, cls("com/x/X"), pom("g", "x", "1")), store: true}))
	f.Add(mkzip(f, manifest("Multi-Release", "true"), cls("com/a/A"), cls("META-INF/versions/11/com/a/A")))
	f.Add(mkzip(f, zent{name: "com/alipay/sofa/ark/biz/mark"}, cls("com/a/A"), zent{name: "lib/y.jar", data: mkzip(f, cls("y/Y"))}))
	f.Add(append([]byte{'J', 'M', 1, 0}, mkzip(f, cls("classes/a/A"))...))
	lim := Limits{MaxEntries: 1000, MaxEntryBytes: 1 << 20, MaxTotalBytes: 8 << 20, MaxDepth: 3}
	f.Fuzz(func(t *testing.T, data []byte) {
		var total int
		opts := Options{Limits: lim, Notice: func(reports.Notice) {}}
		err := WalkReader(context.Background(), "fuzz.jar", bytes.NewReader(data), int64(len(data)), opts, func(e *Entry) error {
			total += len(e.Data)
			if e.Kind == KindClass {
				classfile.ParseAndLower(e.Data, e.Path, e.Archive.Artifact.GAV())
			}
			if e.Archive.Depth > lim.MaxDepth {
				t.Fatalf("depth %d beyond the limit", e.Archive.Depth)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("walk: %v", err)
		}
		if int64(total) > lim.MaxTotalBytes {
			t.Fatalf("visited %d bytes, limit %d", total, lim.MaxTotalBytes)
		}
	})
}
