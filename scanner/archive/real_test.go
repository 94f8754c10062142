package archive

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/kompat/kompat/reports"
	"github.com/kompat/kompat/rules/ir"
	"github.com/kompat/kompat/scanner/classfile"
)

// jdkJmods returns the jmods directory of the installed JDK, or "".
func jdkJmods() string {
	if h := os.Getenv("JAVA_HOME"); h != "" {
		if st, err := os.Stat(filepath.Join(h, "jmods")); err == nil && st.IsDir() {
			return filepath.Join(h, "jmods")
		}
	}
	if javac, err := filepath.EvalSymlinks("/usr/bin/javac"); err == nil {
		d := filepath.Join(filepath.Dir(filepath.Dir(javac)), "jmods")
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			return d
		}
	}
	return ""
}

type corpusStats struct {
	mu                       sync.Mutex
	archives, classes, bytes int
	parseErrs, broken        int
	notices                  []reports.Notice
}

// invariants checks what rules rely on: ops are indexed in order, a ValResult points at an
// earlier op of the same method, calls and news carry Argc arguments, and the file is bytecode.
func invariants(f *ir.File) string {
	if f.Frontend != ir.Bytecode || f.Path == "" {
		return "bad file header"
	}
	for _, c := range f.Classes {
		if c.Name == "" || c.File != f {
			return "bad class"
		}
		for _, m := range c.Methods {
			for i, o := range m.Ops {
				if o.Index != i {
					return fmt.Sprintf("%s: op %d has index %d", m.Desc(), i, o.Index)
				}
				vals := append([]ir.Value{o.Recv, o.Val}, o.Args...)
				for _, v := range vals {
					if v.Kind == ir.ValResult && (v.Op < 0 || v.Op >= i) {
						return fmt.Sprintf("%s: op %d (%s) uses the result of op %d", m.Desc(), i, o.Text, v.Op)
					}
				}
				if (o.Kind == ir.OpCall || o.Kind == ir.OpNew) && len(o.Args) != o.Argc {
					return fmt.Sprintf("%s: op %d (%s) has %d args, Argc %d", m.Desc(), i, o.Text, len(o.Args), o.Argc)
				}
				if o.Kind != ir.OpMonitor && (o.Owner == "" || o.Name == "") {
					return fmt.Sprintf("%s: op %d has no owner or name", m.Desc(), i)
				}
			}
		}
	}
	return ""
}

// scanAll walks p, parses and lowers every class, and counts.
func scanAll(t testing.TB, p string, st *corpusStats) {
	opts := Options{Notice: func(n reports.Notice) {
		st.mu.Lock()
		st.notices = append(st.notices, n)
		st.mu.Unlock()
	}}
	err := Walk(context.Background(), p, opts, func(e *Entry) error {
		switch e.Kind {
		case KindArchive:
			st.mu.Lock()
			st.archives++
			st.mu.Unlock()
		case KindClass:
			f, err := classfile.ParseAndLower(e.Data, e.Path, e.Archive.Artifact.GAV())
			if err == nil {
				if msg := invariants(f); msg != "" {
					st.mu.Lock()
					st.broken++
					if st.broken < 10 {
						t.Errorf("%s: %s", e.Path, msg)
					}
					st.mu.Unlock()
				}
			}
			st.mu.Lock()
			st.classes++
			st.bytes += len(e.Data)
			if err != nil {
				st.parseErrs++
				if st.parseErrs < 10 {
					t.Errorf("%s: %v", e.Path, err)
				}
			}
			st.mu.Unlock()
		}
		return nil
	})
	if err != nil && !errors.Is(err, context.Canceled) {
		t.Fatalf("walk %s: %v", p, err)
	}
}

func TestRealJars(t *testing.T) {
	roots := []string{"/usr/share/java", jdkJmods()}
	ran := false
	for _, r := range roots {
		if r == "" {
			continue
		}
		if _, err := os.Stat(r); err != nil {
			continue
		}
		ran = true
		var st corpusStats
		scanAll(t, r, &st)
		for _, n := range st.notices {
			if n.Level == reports.NoticeError {
				t.Errorf("error notice: %+v", n)
			}
		}
		t.Logf("%s: %d archives, %d classes, %d class bytes, %d notices", r, st.archives, st.classes, st.bytes, len(st.notices))
		if st.classes == 0 {
			t.Errorf("%s: no classes found", r)
		}
	}
	if !ran {
		t.Skip("no /usr/share/java and no JDK jmods on this machine")
	}
}
