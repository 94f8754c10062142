package archive

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/kompat/kompat/reports"
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
	parseErrs                int
	notices                  []reports.Notice
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
			_, err := classfile.ParseAndLower(e.Data, e.Path, e.Archive.Artifact.GAV())
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
