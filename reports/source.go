package reports

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// maxSourceRead bounds what a writer reads of one source file for snippets and columns.
const maxSourceRead = 8 << 20

// sources reads the lines of source files a report points at, once per file. Only regular files
// are read (never a FIFO or device), and at most maxSourceRead bytes of each.
type sources struct {
	r     *Report
	files map[string][][]byte
}

func newSources(r *Report) *sources { return &sources{r: r, files: map[string][][]byte{}} }

// lines returns the file's lines (without line ends), nil if it cannot be read.
func (s *sources) lines(p string) [][]byte {
	if ls, ok := s.files[p]; ok {
		return ls
	}
	s.files[p] = nil
	abs := s.r.AbsPath(p)
	if abs == "" || !strings.HasSuffix(strings.ToLower(abs), ".java") {
		return nil
	}
	fi, err := os.Stat(abs)
	if err != nil || !fi.Mode().IsRegular() {
		return nil
	}
	f, err := os.Open(abs)
	if err != nil {
		return nil
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxSourceRead))
	if err != nil {
		return nil
	}
	ls := bytes.Split(data, []byte("\n"))
	for i, l := range ls {
		ls[i] = bytes.TrimSuffix(l, []byte("\r"))
	}
	s.files[p] = ls
	return ls
}

// line returns one 1-based line, nil if out of range or unreadable.
func (s *sources) line(p string, n int) []byte {
	ls := s.lines(p)
	if n < 1 || n > len(ls) {
		return nil
	}
	return ls[n-1]
}

// exists reports whether a root-relative path names a regular file.
func (s *sources) exists(p string) bool {
	abs := s.r.AbsPath(p)
	if abs == "" {
		return false
	}
	fi, err := os.Stat(abs)
	return err == nil && fi.Mode().IsRegular()
}

// utf16Col converts a 1-based byte column of a line into a 1-based UTF-16 code unit column.
func utf16Col(line []byte, byteCol int) int {
	if byteCol < 1 {
		return 1
	}
	if byteCol-1 > len(line) {
		byteCol = len(line) + 1
	}
	n := 1
	for b := line[:byteCol-1]; len(b) > 0; {
		r, size := utf8.DecodeRune(b)
		n += len(utf16.Encode([]rune{r}))
		b = b[size:]
	}
	return n
}

// lineEndCol is the exclusive byte column after the last non-blank byte of a line.
func lineEndCol(line []byte) int {
	return len(bytes.TrimRight(line, " \t")) + 1
}

// sourceIndex finds the source file a class file came from: the package path plus the class's
// source name, searched in the tree under the root (built on first use).
type sourceIndex struct {
	root  string
	built bool
	byRel map[string][]string // "com/acme/Foo.java" suffix -> root-relative paths
}

// classSource is the source file path, relative to its package root, that a class entry name
// ("BOOT-INF/classes/com/acme/Foo$1.class" or "com/acme/Foo.class") was most likely compiled
// from: javac's SourceFile for a top-level class is its simple name plus ".java".
func classSource(entry string) string {
	if !strings.HasSuffix(entry, ".class") {
		return ""
	}
	name := strings.TrimSuffix(entry, ".class")
	for _, pfx := range []string{"BOOT-INF/classes/", "WEB-INF/classes/"} {
		if i := strings.Index(name, pfx); i >= 0 {
			name = name[i+len(pfx):]
		}
	}
	dir, base := "", name
	if i := strings.LastIndex(name, "/"); i >= 0 {
		dir, base = name[:i+1], name[i+1:]
	}
	if i := strings.Index(base, "$"); i > 0 {
		base = base[:i]
	}
	if base == "" || base == "module-info" || base == "package-info" {
		return ""
	}
	return dir + base + ".java"
}

// find returns the root-relative path of the one source file whose path ends with rel.
func (x *sourceIndex) find(rel string) string {
	if x.root == "" || rel == "" {
		return ""
	}
	if !x.built {
		x.built = true
		x.byRel = map[string][]string{}
		filepath.WalkDir(x.root, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() {
				if n := d.Name(); p != x.root && (n == ".git" || n == "node_modules" || n == "target" || n == "build") {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.Type().IsRegular() || !strings.HasSuffix(p, ".java") {
				return nil
			}
			r, err := filepath.Rel(x.root, p)
			if err != nil {
				return nil
			}
			r = filepath.ToSlash(r)
			x.byRel[filepath.Base(r)] = append(x.byRel[filepath.Base(r)], r)
			return nil
		})
	}
	var hit string
	for _, cand := range x.byRel[filepath.Base(rel)] {
		if cand == rel || strings.HasSuffix(cand, "/"+rel) {
			if hit != "" {
				return "" // ambiguous: two source trees hold this class
			}
			hit = cand
		}
	}
	return hit
}
