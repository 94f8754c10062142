package classfile

import (
	"archive/zip"
	"io"
	"path/filepath"
	"testing"
)

// loadJarClasses reads the classes of up to max jars under dir into memory.
func loadJarClasses(tb testing.TB, pattern string, maxJars int) [][]byte {
	jars, _ := filepath.Glob(pattern)
	var out [][]byte
	for i, j := range jars {
		if i >= maxJars {
			break
		}
		zr, err := zip.OpenReader(j)
		if err != nil {
			continue
		}
		for _, f := range zr.File {
			if filepath.Ext(f.Name) != ".class" {
				continue
			}
			rc, err := f.Open()
			if err != nil {
				continue
			}
			b, err := io.ReadAll(rc)
			rc.Close()
			if err == nil {
				out = append(out, b)
			}
		}
		zr.Close()
	}
	return out
}

// BenchmarkDecode parses and lowers in-memory classes of /usr/share/java (no inflating).
func BenchmarkDecode(b *testing.B) {
	classes := loadJarClasses(b, "/usr/share/java/*.jar", 400)
	if len(classes) == 0 {
		b.Skip("no jars in /usr/share/java")
	}
	var size int64
	for _, c := range classes {
		size += int64(len(c))
	}
	b.Run("Decoder", func(b *testing.B) {
		b.SetBytes(size)
		b.ReportAllocs()
		var d Decoder
		for i := 0; i < b.N; i++ {
			for _, c := range classes {
				if _, err := d.Decode(c, "x", ""); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(len(classes)*b.N)/b.Elapsed().Seconds(), "classes/s")
	})
	b.Run("ParseAndLower", func(b *testing.B) {
		b.SetBytes(size)
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			for _, c := range classes {
				if _, err := ParseAndLower(c, "x", ""); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(len(classes)*b.N)/b.Elapsed().Seconds(), "classes/s")
	})
	b.Run("ParseOnly", func(b *testing.B) {
		b.SetBytes(size)
		for i := 0; i < b.N; i++ {
			for _, c := range classes {
				if _, err := Parse(c); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
