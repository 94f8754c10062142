package main

import (
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"github.com/kompat/kompat/reports"
)

func gitIn(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v %s", args, err, out)
	}
}

// TestNewFromRev: only findings on lines changed since the revision (or in new files) count;
// the rest are unchanged, and a bad revision is a usage error.
func TestNewFromRev(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	root := t.TempDir()
	gitIn(t, root, "init", "-q")
	writeFile(t, root, "a/Leaky.java", []byte(leaky))
	gitIn(t, root, "add", ".")
	gitIn(t, root, "commit", "-q", "-m", "one")
	// A new hazard in the committed file, and a new untracked file with one.
	edited := strings.Replace(leaky, "void fail() { System.exit(3); }", "void fail() { System.exit(3); }\n    void again() { Runtime.getRuntime().halt(4); }", 1)
	writeFile(t, root, "a/Leaky.java", []byte(edited))
	writeFile(t, root, "b/New.java", []byte("package b;\nclass New { void f() { System.exit(1); } }\n"))
	code, out, errs := runCLI(t, "scan", "--root", root, "--no-cache", "--format", "json", "--new-from-rev", "HEAD", root)
	r := decode(t, out)
	var counted []string
	unchanged := 0
	for _, f := range r.Findings {
		if f.Counts() {
			counted = append(counted, fmt.Sprintf("%s:%d", f.Location.Path, f.Location.Line))
		} else if f.BaselineState == reports.BaselineUnchanged {
			unchanged++
		}
	}
	if code != exitFindings || strings.Join(counted, ",") != "a/Leaky.java:4,b/New.java:2" {
		t.Fatalf("exit %d, counted %v (%s)", code, counted, errs)
	}
	if unchanged < 2 || !hasNotice(r, noticeUnchangedLines, reports.NoticeInfo, "not changed since HEAD") {
		t.Errorf("%d unchanged, notices %+v", unchanged, r.Notices)
	}
	// Nothing changed since the work tree was committed: nothing counts.
	gitIn(t, root, "add", ".")
	gitIn(t, root, "commit", "-q", "-m", "two")
	if code, _, errs := runCLI(t, "scan", "--root", root, "--no-cache", "--new-from-rev", "HEAD", root); code != exitOK {
		t.Errorf("clean diff: exit %d %s", code, errs)
	}
	if code, _, errs := runCLI(t, "scan", "--root", root, "--new-from-rev", "no-such-rev", root); code != exitError || !strings.Contains(errs, "not a commit") {
		t.Errorf("bad rev: exit %d %s", code, errs)
	}
}
