package reports

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
)

// BaselineVersion is the version of the baseline file layout.
const BaselineVersion = 1

// Baseline is the set of accepted findings, keyed by fingerprint with multiplicity, so that a file
// with three identical hazards that gains a fourth reports one new finding. It is written sorted,
// one entry per line, with paths relative to the report root (see Report.Relativize), so it can be
// reviewed in a pull request and matches whichever directory the scan was started from.
type Baseline struct {
	Version int             `json:"version"`
	Entries []BaselineEntry `json:"findings"`
}

// BaselineEntry is one accepted finding (Count identical ones).
type BaselineEntry struct {
	Fingerprint string `json:"fingerprint"`
	RuleID      string `json:"ruleId"`
	Path        string `json:"path"`
	Symbol      string `json:"symbol,omitempty"`
	Count       int    `json:"count"`
}

// NewBaseline records every finding of a report that is not suppressed.
func NewBaseline(r *Report) *Baseline {
	idx := map[string]*BaselineEntry{}
	for _, f := range r.Findings {
		if f.Suppression != nil {
			continue
		}
		if e, ok := idx[f.Fingerprint]; ok {
			e.Count++
			continue
		}
		idx[f.Fingerprint] = &BaselineEntry{Fingerprint: f.Fingerprint, RuleID: f.RuleID, Path: f.Location.Path, Symbol: f.Location.Symbol, Count: 1}
	}
	b := &Baseline{Version: BaselineVersion, Entries: []BaselineEntry{}}
	for _, e := range idx {
		b.Entries = append(b.Entries, *e)
	}
	sort.Slice(b.Entries, func(i, j int) bool {
		x, y := b.Entries[i], b.Entries[j]
		if x.Path != y.Path {
			return x.Path < y.Path
		}
		if x.RuleID != y.RuleID {
			return x.RuleID < y.RuleID
		}
		return x.Fingerprint < y.Fingerprint
	})
	return b
}

// Write writes the baseline, one entry per line.
func (b *Baseline) Write(w io.Writer) error {
	if _, err := fmt.Fprintf(w, "{\"version\": %d, \"findings\": [\n", b.Version); err != nil {
		return err
	}
	for i, e := range b.Entries {
		line, err := json.Marshal(e)
		if err != nil {
			return err
		}
		sep := ","
		if i == len(b.Entries)-1 {
			sep = ""
		}
		if _, err := fmt.Fprintf(w, "  %s%s\n", line, sep); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintln(w, "]}")
	return err
}

// ReadBaseline reads a baseline file.
func ReadBaseline(path string) (*Baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read baseline: %w", err)
	}
	var b Baseline
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, fmt.Errorf("read baseline %s: %w", path, err)
	}
	if b.Version != BaselineVersion {
		return nil, fmt.Errorf("baseline %s has version %d, this kompat reads version %d", path, b.Version, BaselineVersion)
	}
	return &b, nil
}

// Apply marks findings the baseline accepts as "unchanged" (they no longer count) and the rest as
// "new", using each entry at most Count times. Entries that matched nothing become an info notice,
// so a baseline that has gone stale gets noticed and trimmed.
func (b *Baseline) Apply(r *Report) {
	left := map[string]int{}
	for _, e := range b.Entries {
		left[e.Fingerprint] += e.Count
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		if left[f.Fingerprint] > 0 {
			left[f.Fingerprint]--
			f.BaselineState = BaselineUnchanged
			continue
		}
		f.BaselineState = BaselineNew
	}
	// One notice per stale entry, naming it, so the baseline can be trimmed by hand.
	for _, e := range b.Entries {
		n := left[e.Fingerprint]
		if n <= 0 {
			continue
		}
		if n > e.Count {
			n = e.Count
		}
		left[e.Fingerprint] -= n
		what := e.RuleID
		if e.Symbol != "" {
			what += " " + e.Symbol
		}
		r.Notices = append(r.Notices, Notice{Code: "KP9020", Level: NoticeInfo, Path: e.Path,
			Message: fmt.Sprintf("baseline entry %s (%s, %d of %d) matched no finding: the hazard was fixed or the code moved; rewrite the baseline with --write-baseline to drop it", e.Fingerprint, what, n, e.Count)})
	}
}
