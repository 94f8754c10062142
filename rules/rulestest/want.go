package rulestest

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Expect is what a fixture line asks for.
type Expect struct {
	File string
	Line int
	Re   *regexp.Regexp
	Todo bool // a known miss: not required, but flagged if it starts to match
	// Frontend limits the expectation to "source" or "bytecode" (`// want(source) "..."`);
	// empty means both.
	Frontend string
}

// Fixture is a rule's fixture folder, read.
type Fixture struct {
	Dir     string
	Files   []string // .java files, sorted
	Wants   []Expect
	OKLines int // lines marked "// ok" (negative cases)
}

var wantRe = regexp.MustCompile(`//\s*(want|todo)(?:\((source|bytecode)\))?\s+(.*)$`)

// ReadFixture reads testdata/rules/<id>.
func ReadFixture(dir string) (*Fixture, error) {
	fx := &Fixture{Dir: dir}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".java") {
			fx.Files = append(fx.Files, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(fx.Files)
	for _, f := range fx.Files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		for i, line := range strings.Split(string(data), "\n") {
			if strings.Contains(line, "// ok") {
				fx.OKLines++
			}
			m := wantRe.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			for _, q := range splitQuoted(m[3]) {
				re, err := regexp.Compile(q)
				if err != nil {
					return nil, fmt.Errorf("%s:%d: bad want regexp %q: %v", f, i+1, q, err)
				}
				fx.Wants = append(fx.Wants, Expect{File: f, Line: i + 1, Re: re, Todo: m[1] == "todo", Frontend: m[2]})
			}
		}
	}
	return fx, nil
}

// splitQuoted reads one or more Go-quoted strings: "a" "b".
func splitQuoted(s string) []string {
	var out []string
	s = strings.TrimSpace(s)
	for len(s) > 0 && (s[0] == '"' || s[0] == '`') {
		q, err := strconv.QuotedPrefix(s)
		if err != nil {
			break
		}
		u, _ := strconv.Unquote(q)
		out = append(out, u)
		s = strings.TrimSpace(s[len(q):])
	}
	return out
}

// Got is a finding reduced to what the comparison needs.
type Got struct {
	File    string
	Line    int
	Message string
}

// Compare matches findings of one frontend against expectations: every want must be met by a
// finding on its line whose message matches; every finding must meet a want (or a todo, which is
// then reported as fixed so the marker can become a want). Expectations limited to the other
// frontend are ignored.
func Compare(fx *Fixture, frontend string, got []Got) []string {
	var problems []string
	used := make([]bool, len(got))
	for _, w := range fx.Wants {
		if w.Frontend != "" && w.Frontend != frontend {
			continue
		}
		found := false
		for i, g := range got {
			if sameFile(g.File, w.File) && g.Line == w.Line && w.Re.MatchString(g.Message) {
				used[i] = true
				found = true
			}
		}
		switch {
		case !found && !w.Todo:
			problems = append(problems, fmt.Sprintf("%s:%d: no finding matching %q", filepath.Base(w.File), w.Line, w.Re))
		case found && w.Todo:
			problems = append(problems, fmt.Sprintf("%s:%d: todo %q now matches: make it a want", filepath.Base(w.File), w.Line, w.Re))
		}
	}
	for i, g := range got {
		if !used[i] {
			problems = append(problems, fmt.Sprintf("%s:%d: unexpected finding: %s", filepath.Base(g.File), g.Line, g.Message))
		}
	}
	return problems
}

func sameFile(a, b string) bool { return filepath.Base(a) == filepath.Base(b) }
