package reports

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strings"
	"time"

	"github.com/bmatcuk/doublestar/v4"
	"gopkg.in/yaml.v3"
)

// IgnoreFileName is the ignore file kompat reads at the report root.
const IgnoreFileName = ".kompat-ignore.yaml"

// Notice codes of the ignore file.
const (
	NoticeIgnoreUnused  = "KP9021" // an entry that matched no finding
	NoticeIgnoreExpired = "KP9022" // an entry past its expires date: it no longer suppresses
)

// IgnoreFile is a reviewed list of accepted findings, each with a reason:
//
//	ignore:
//	  - rule: KP1001                 # rule ID or slug
//	    paths: ["legacy/**"]         # doublestar globs on root-relative paths (default: everywhere)
//	    symbol: com.acme.Legacy.*    # optional: glob on the finding's symbol
//	    reason: "owned by the base team, JIRA-12"
//	    expires: 2027-03-31          # optional: the entry stops suppressing after this day
type IgnoreFile struct {
	Path    string        `yaml:"-"`
	Entries []IgnoreEntry `yaml:"ignore"`
}

// IgnoreEntry is one accepted hazard.
type IgnoreEntry struct {
	Rule    string   `yaml:"rule"`
	Paths   []string `yaml:"paths"`
	Symbol  string   `yaml:"symbol"`
	Reason  string   `yaml:"reason"`
	Expires string   `yaml:"expires"`

	line    int
	expires time.Time
}

// ReadIgnoreFile reads and checks an ignore file: every entry needs a rule and a reason, globs
// must parse, dates are YYYY-MM-DD, and unknown keys are errors.
func ReadIgnoreFile(p string) (*IgnoreFile, error) {
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("read ignore file: %w", err)
	}
	var node yaml.Node
	if err := yaml.Unmarshal(data, &node); err != nil {
		return nil, fmt.Errorf("read ignore file %s: %w", p, err)
	}
	f := &IgnoreFile{Path: p}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(f); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("read ignore file %s: %w", p, err)
	}
	lines := entryLines(&node)
	for i := range f.Entries {
		e := &f.Entries[i]
		if i < len(lines) {
			e.line = lines[i]
		}
		where := fmt.Sprintf("%s:%d", p, e.line)
		if strings.TrimSpace(e.Rule) == "" {
			return nil, fmt.Errorf("%s: entry has no rule (give a rule ID or slug)", where)
		}
		if strings.TrimSpace(e.Reason) == "" {
			return nil, fmt.Errorf("%s: entry for %s has no reason (say why the hazard is acceptable)", where, e.Rule)
		}
		for _, g := range e.Paths {
			if !doublestar.ValidatePattern(g) {
				return nil, fmt.Errorf("%s: invalid glob %q", where, g)
			}
		}
		if e.Symbol != "" {
			if _, err := path.Match(e.Symbol, ""); err != nil {
				return nil, fmt.Errorf("%s: invalid symbol pattern %q", where, e.Symbol)
			}
		}
		if e.Expires != "" {
			t, err := time.Parse("2006-01-02", e.Expires)
			if err != nil {
				return nil, fmt.Errorf("%s: expires %q is not a YYYY-MM-DD date", where, e.Expires)
			}
			e.expires = t
		}
	}
	return f, nil
}

// entryLines finds the line of each list item under the "ignore" key.
func entryLines(doc *yaml.Node) []int {
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil
	}
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == "ignore" {
			var out []int
			for _, it := range m.Content[i+1].Content {
				out = append(out, it.Line)
			}
			return out
		}
	}
	return nil
}

func (e *IgnoreEntry) matches(f *Finding) bool {
	if !strings.EqualFold(e.Rule, f.RuleID) && !strings.EqualFold(e.Rule, f.Slug) {
		return false
	}
	if len(e.Paths) > 0 {
		hit := false
		for _, g := range e.Paths {
			for _, p := range []string{f.Location.Path, OuterPath(f.Location.Path)} {
				if ok, _ := doublestar.Match(g, p); ok {
					hit = true
				}
			}
		}
		if !hit {
			return false
		}
	}
	if e.Symbol != "" {
		if ok, _ := path.Match(e.Symbol, f.Location.Symbol); !ok && e.Symbol != f.Location.Symbol {
			return false
		}
	}
	return true
}

// Apply suppresses (kind external, with the entry's reason) the findings that an entry matches,
// reports expired entries (they suppress nothing) and entries that matched nothing.
func (ig *IgnoreFile) Apply(r *Report, now time.Time) {
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	used := make([]bool, len(ig.Entries))
	for i := range r.Findings {
		f := &r.Findings[i]
		if f.Suppression != nil {
			continue
		}
		for k := range ig.Entries {
			e := &ig.Entries[k]
			if !e.expires.IsZero() && today.After(e.expires) {
				continue
			}
			if e.matches(f) {
				used[k] = true
				f.Suppression = &Suppression{Kind: "external", Reason: e.Reason, Where: fmt.Sprintf("%s:%d", ig.Path, e.line)}
				break
			}
		}
	}
	for k := range ig.Entries {
		e := &ig.Entries[k]
		switch {
		case !e.expires.IsZero() && today.After(e.expires):
			r.Notices = append(r.Notices, Notice{Code: NoticeIgnoreExpired, Level: NoticeWarning, Path: ig.Path, Line: e.line,
				Message: fmt.Sprintf("ignore entry for %s expired on %s and no longer suppresses; fix the hazard or renew the entry", e.Rule, e.Expires)})
		case !used[k]:
			r.Notices = append(r.Notices, Notice{Code: NoticeIgnoreUnused, Level: NoticeWarning, Path: ig.Path, Line: e.line,
				Message: fmt.Sprintf("ignore entry for %s matched no finding; remove it", e.Rule)})
		}
	}
}
