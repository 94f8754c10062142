package checks_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/kompat/kompat/rules"
	"github.com/kompat/kompat/scanner"
)

// KP2012: a thread factory that gives its threads its own class's loader pins no app in base code
// (the loader is the base's), but pins the module in module code.
func TestForeignThreadOwnLoaderBySide(t *testing.T) {
	src := `package f;

public class OwnLoader implements java.util.concurrent.ThreadFactory {
    @Override
    public Thread newThread(Runnable r) {
        Thread t = new Thread(r, "own");
        t.setContextClassLoader(OwnLoader.class.getClassLoader());
        return t;
    }

    static class Factory implements java.util.concurrent.ThreadFactory {
        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r);
            t.setContextClassLoader(this.getClass().getClassLoader());
            return t;
        }
    }
}
`
	path := filepath.Join(t.TempDir(), "OwnLoader.java")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	want := map[rules.Side]int{rules.SideBase: 0, rules.SideModule: 2}
	for side, n := range want {
		rep, err := scanner.Scan(context.Background(), scanner.Config{Paths: []string{path}, Rules: []*rules.Meta{rules.Get("KP2012")}, Side: side, Workers: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Findings) != n {
			t.Errorf("%s: %d KP2012 findings, want %d: %+v", side, len(rep.Findings), n, rep.Findings)
		}
	}
}
