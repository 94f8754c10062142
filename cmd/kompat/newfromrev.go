package main

import (
	"bytes"
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/kompat/kompat/reports"
)

// noticeUnchangedLines says how many findings --new-from-rev counted as unchanged.
const noticeUnchangedLines = "KP9023"

// changedLines is what changed since a revision: per root-relative path, the changed line
// ranges of the new file; a path mapped to nil changed as a whole (new or untracked).
type changedLines map[string][][2]int

var hunkRE = regexp.MustCompile(`^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@`)

// gitChanges runs git in root: the diff of the work tree against rev (committed and uncommitted
// changes) plus untracked files.
func gitChanges(root, rev string) (changedLines, error) {
	git := func(args ...string) ([]byte, error) {
		cmd := exec.Command("git", args...)
		cmd.Dir = root
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
		}
		return out, nil
	}
	if _, err := git("rev-parse", "--verify", "--quiet", rev+"^{commit}"); err != nil {
		return nil, fmt.Errorf("--new-from-rev %s: not a commit in %s (%v)", rev, root, err)
	}
	diff, err := git("diff", "--no-color", "--no-ext-diff", "--unified=0", "--relative", rev, "--")
	if err != nil {
		return nil, err
	}
	ch := changedLines{}
	cur := ""
	for _, line := range strings.Split(string(diff), "\n") {
		switch {
		case strings.HasPrefix(line, "+++ "):
			cur = ""
			if p := strings.TrimPrefix(line, "+++ "); p != "/dev/null" {
				cur = strings.TrimPrefix(unquoteGit(p), "b/")
				if _, ok := ch[cur]; !ok {
					ch[cur] = [][2]int{}
				}
			}
		case strings.HasPrefix(line, "@@") && cur != "":
			m := hunkRE.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			start, _ := strconv.Atoi(m[1])
			n := 1
			if m[2] != "" {
				n, _ = strconv.Atoi(m[2])
			}
			if n > 0 {
				ch[cur] = append(ch[cur], [2]int{start, start + n - 1})
			}
		}
	}
	untracked, err := git("ls-files", "--others", "--exclude-standard", "-z")
	if err != nil {
		return nil, err
	}
	for _, p := range strings.Split(string(untracked), "\x00") {
		if p != "" {
			ch[filepath.ToSlash(p)] = nil
		}
	}
	return ch, nil
}

// unquoteGit undoes git's C-style quoting of unusual path names.
func unquoteGit(p string) string {
	if strings.HasPrefix(p, `"`) {
		if u, err := strconv.Unquote(p); err == nil {
			return u
		}
	}
	return p
}

// applyNewFromRev keeps as new only the counted findings on changed lines (or in new files);
// the others are marked unchanged, as a baseline would, and counted in a notice.
func applyNewFromRev(r *reports.Report, ch changedLines, rev string) {
	n := 0
	for i := range r.Findings {
		f := &r.Findings[i]
		if !f.Counts() {
			continue
		}
		if ch.covers(reports.OuterPath(f.Location.Path), f.Location.Line, f.Location.EndLine) {
			f.BaselineState = reports.BaselineNew
			continue
		}
		f.BaselineState = reports.BaselineUnchanged
		n++
	}
	if n > 0 {
		r.Notices = append(r.Notices, reports.Notice{Code: noticeUnchangedLines, Level: reports.NoticeInfo,
			Message: fmt.Sprintf("%d finding(s) on lines not changed since %s are counted as unchanged (--new-from-rev)", n, rev)})
	}
}

func (ch changedLines) covers(path string, line, end int) bool {
	ranges, ok := ch[path]
	if !ok {
		return false
	}
	if ranges == nil || line < 1 {
		return true // a new file, or a finding about the whole file
	}
	end = max(end, line)
	for _, rg := range ranges {
		if line <= rg[1] && end >= rg[0] {
			return true
		}
	}
	return false
}
