package javasrc

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkStages measures the source frontend's stages on one thread over the .java files under
// KOMPAT_BENCH_STAGES (e.g. bench-out/jdk-src/java.base/java/util): tree-sitter's parse alone,
// parse and flatten, and parse, flatten and lowering, so a change to one stage can be measured
// apart from the rules and the scan's scheduling.
func BenchmarkStages(b *testing.B) {
	root := os.Getenv("KOMPAT_BENCH_STAGES")
	if root == "" {
		b.Skip("KOMPAT_BENCH_STAGES not set")
	}
	var srcs [][]byte
	var total int64
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".java") {
			if src, err := os.ReadFile(p); err == nil {
				srcs = append(srcs, src)
				total += int64(len(src))
			}
		}
		return nil
	})
	p, err := NewParser()
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	ctx := context.Background()
	b.Run("parse", func(b *testing.B) {
		b.SetBytes(total)
		for i := 0; i < b.N; i++ {
			for _, src := range srcs {
				_ = p.ParseOnly(src)
			}
		}
	})
	b.Run("flatten", func(b *testing.B) {
		b.SetBytes(total)
		for i := 0; i < b.N; i++ {
			for _, src := range srcs {
				_, _ = p.p.parse(ctx, src)
			}
		}
	})
	b.Run("lower", func(b *testing.B) {
		b.SetBytes(total)
		for i := 0; i < b.N; i++ {
			for _, src := range srcs {
				_, _ = p.ParseContext(ctx, "x.java", src)
			}
		}
	})
}
