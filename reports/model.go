package reports

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
)

// SchemaVersion is the version of the JSON report layout. Bump it on any incompatible change.
const SchemaVersion = 1

// Severity orders findings for the gate. The zero value is SeverityNone.
type Severity int

// Severities, lowest first.
const (
	SeverityNone Severity = iota
	SeverityInfo
	SeverityLow
	SeverityMedium
	SeverityHigh
	SeverityCritical
)

var severityNames = []string{"none", "info", "low", "medium", "high", "critical"}

func (s Severity) String() string {
	if s < 0 || int(s) >= len(severityNames) {
		return fmt.Sprintf("severity(%d)", int(s))
	}
	return severityNames[s]
}

// ParseSeverity reads a severity name (case-insensitive).
func ParseSeverity(s string) (Severity, error) {
	for i, n := range severityNames {
		if strings.EqualFold(s, n) {
			return Severity(i), nil
		}
	}
	return SeverityNone, fmt.Errorf("unknown severity %q (want one of %s)", s, strings.Join(severityNames[1:], ", "))
}

// MarshalText writes the severity name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a severity name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Confidence says how sure a rule is that a match is a real hazard; it is independent of severity.
type Confidence int

// Confidences, lowest first.
const (
	ConfidenceNone Confidence = iota
	ConfidenceLow
	ConfidenceMedium
	ConfidenceHigh
)

var confidenceNames = []string{"none", "low", "medium", "high"}

func (c Confidence) String() string {
	if c < 0 || int(c) >= len(confidenceNames) {
		return fmt.Sprintf("confidence(%d)", int(c))
	}
	return confidenceNames[c]
}

// ParseConfidence reads a confidence name (case-insensitive).
func ParseConfidence(s string) (Confidence, error) {
	for i, n := range confidenceNames {
		if i > 0 && strings.EqualFold(s, n) {
			return Confidence(i), nil
		}
	}
	return ConfidenceNone, fmt.Errorf("unknown confidence %q (want low, medium or high)", s)
}

// MarshalText writes the confidence name.
func (c Confidence) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText reads a confidence name.
func (c *Confidence) UnmarshalText(b []byte) error {
	v, err := ParseConfidence(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// Location points at the place a finding is about. Path is the display path: for a class inside
// nested jars it is the whole chain, e.g. "app.jar!/BOOT-INF/lib/x-1.2.jar!/com/acme/Foo.class".
type Location struct {
	Path     string `json:"path"`
	Line     int    `json:"line,omitempty"`
	Col      int    `json:"column,omitempty"`
	Symbol   string `json:"symbol,omitempty"`   // e.g. com.acme.Foo#start or com.acme.Foo.CACHE
	Artifact string `json:"artifact,omitempty"` // Maven g:a:v of the jar the code came from
	// EndLine and EndCol close the region when the frontend knows it (1-based, byte column,
	// exclusive); reports that need a region otherwise run it to the end of the line.
	EndLine int `json:"endLine,omitempty"`
	EndCol  int `json:"endColumn,omitempty"`
}

// AdapterRef names a Koupleless adapter that fixes a finding.
type AdapterRef struct {
	GroupID    string `json:"groupId"`
	ArtifactID string `json:"artifactId"`
	Version    string `json:"version,omitempty"`
	InBase     bool   `json:"inBase"` // the base already ships this adapter
}

// Suppression records why a finding does not count for the gate.
type Suppression struct {
	Kind   string `json:"kind"`   // "inSource" (comment or annotation) or "external" (ignore file)
	Reason string `json:"reason"` // the justification given
	Where  string `json:"where,omitempty"`
}

// Baseline states of a finding, as SARIF names them.
const (
	BaselineNew       = "new"
	BaselineUnchanged = "unchanged"
)

// Finding is one hazard: from a static rule, an adapter gap or a runtime probe.
type Finding struct {
	RuleID        string       `json:"ruleId"`
	Slug          string       `json:"slug"`
	Family        string       `json:"family"`
	Severity      Severity     `json:"severity"`
	Confidence    Confidence   `json:"confidence"`
	Message       string       `json:"message"`
	Location      Location     `json:"location"`
	Related       []Location   `json:"related,omitempty"`
	Evidence      []string     `json:"evidence,omitempty"`
	Fix           string       `json:"fix,omitempty"`
	Adapters      []AdapterRef `json:"adapters,omitempty"`
	Fingerprint   string       `json:"fingerprint"`
	Suppression   *Suppression `json:"suppression,omitempty"`
	BaselineState string       `json:"baselineState,omitempty"`
	// Snippet is the normalized code the fingerprint was computed from; not written to reports.
	Snippet string `json:"-"`
	// Subject names what the finding is about when that is not its location: the static field
	// (Owner.name) a write or a lazy initialization is about, so that the findings of several
	// rules on one field become one. Not written to reports.
	Subject string `json:"-"`
}

// Counts reports whether the finding counts toward the gate: not suppressed and not in the baseline.
func (f *Finding) Counts() bool {
	return f.Suppression == nil && f.BaselineState != BaselineUnchanged
}

// ComputeFingerprint derives a fingerprint that survives line shifts: it hashes the rule, the path,
// the symbol and the whitespace-normalized snippet, never the line number.
func (f *Finding) ComputeFingerprint() {
	h := sha256.New()
	for _, s := range []string{f.RuleID, f.Location.Path, f.Location.Symbol, NormalizeSnippet(f.Snippet)} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	f.Fingerprint = hex.EncodeToString(h.Sum(nil))[:32]
}

// NormalizeSnippet folds white space so that re-indentation does not change a fingerprint.
func NormalizeSnippet(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// Notice levels.
const (
	NoticeInfo    = "info"
	NoticeWarning = "warning"
	NoticeError   = "error" // an input (or part of it) could not be scanned; the exit code says so
)

// Notice is the tool speaking about its own work: a file that did not parse, an input skipped,
// a suppression without a reason. Codes are family 9 (KP9nnn).
type Notice struct {
	Code    string `json:"code"`
	Level   string `json:"level"`
	Path    string `json:"path,omitempty"`
	Line    int    `json:"line,omitempty"`
	Col     int    `json:"column,omitempty"`
	Message string `json:"message"`
}

// RuleInfo is the part of a rule's documentation that reports carry (SARIF rule metadata, fix hints).
type RuleInfo struct {
	ID         string     `json:"id"`
	Slug       string     `json:"slug"`
	Title      string     `json:"title"`
	Family     string     `json:"family"`
	Severity   Severity   `json:"severity"`
	Confidence Confidence `json:"confidence"`
	Why        string     `json:"why,omitempty"`
	Fix        string     `json:"fix,omitempty"`
	Before     string     `json:"before,omitempty"` // fix example: the hazard
	After      string     `json:"after,omitempty"`  // fix example: the fixed code
	References []string   `json:"references,omitempty"`
	HelpURI    string     `json:"helpUri,omitempty"`
}

// Stats summarizes what a run looked at.
type Stats struct {
	Files   int   `json:"files"`
	Classes int   `json:"classes,omitempty"`
	Bytes   int64 `json:"bytes"`
	Skipped int   `json:"skipped"`
	// Cached counts the scanned source files whose parse came from the per-file scan cache.
	Cached     int   `json:"cached,omitempty"`
	DurationMS int64 `json:"durationMs"`
}

// Report is the one result every stage fills and every writer prints.
type Report struct {
	SchemaVersion int    `json:"schemaVersion"`
	Tool          string `json:"tool"`
	Version       string `json:"version"`
	Command       string `json:"command"`
	Side          string `json:"side,omitempty"`
	// Root is the directory report paths are relative to (--root, else the enclosing git work
	// tree, else the working directory); see Relativize.
	Root string `json:"root,omitempty"`
	// Generated is when the report was written (RFC 3339, UTC).
	Generated string     `json:"generated,omitempty"`
	Inputs    []string   `json:"inputs"`
	Findings  []Finding  `json:"findings"`
	Notices   []Notice   `json:"notices"`
	Rules     []RuleInfo `json:"rules"`
	Stats     Stats      `json:"stats"`
	// Runs holds, for verify and gate, one entry per harness scenario with its per-cycle numbers.
	Runs []Run `json:"runs,omitempty"`
}

// Run is one harness scenario: what each install/uninstall cycle cost and what the base measured
// after it, so a leak shows as a rising line.
type Run struct {
	Scenario string  `json:"scenario"`
	Runtime  string  `json:"runtime"`
	Modules  int     `json:"modules"`
	Cycles   []Cycle `json:"cycles"`
}

// Cycle is one cycle of a Run. The base's numbers are read after every module was uninstalled
// and the JVM collected (zero in a cycle the probes skipped, see Probed).
type Cycle struct {
	Cycle              int     `json:"cycle"`
	ModulesCycling     int     `json:"modulesCycling"`
	OpsMS              float64 `json:"opsMs"`    // the installBiz and uninstallBiz calls
	ProbesMS           float64 `json:"probesMs"` // everything else kompat did in the cycle
	Probed             bool    `json:"probed"`
	LoadersAlive       int     `json:"loadersAlive"`
	ThreadsAlive       int     `json:"threadsAlive"`
	HeapUsedBytes      float64 `json:"heapUsedBytes"`
	MetaspaceUsedBytes float64 `json:"metaspaceUsedBytes"`
	LoadedClasses      float64 `json:"loadedClasses"`
	HeapDumpBytes      int64   `json:"heapDumpBytes,omitempty"` // the dump taken to confirm retained loaders
}

// New returns an empty report for a command.
func New(command, version string) *Report {
	return &Report{SchemaVersion: SchemaVersion, Tool: "kompat", Version: version, Command: command,
		Inputs: []string{}, Findings: []Finding{}, Notices: []Notice{}, Rules: []RuleInfo{}}
}

// Sort orders findings by path, line, column, rule and fingerprint, and notices likewise, so that
// output is stable from run to run whatever the worker scheduling was.
func (r *Report) Sort() {
	sort.SliceStable(r.Findings, func(i, j int) bool {
		a, b := &r.Findings[i], &r.Findings[j]
		if a.Location.Path != b.Location.Path {
			return a.Location.Path < b.Location.Path
		}
		if a.Location.Line != b.Location.Line {
			return a.Location.Line < b.Location.Line
		}
		if a.Location.Col != b.Location.Col {
			return a.Location.Col < b.Location.Col
		}
		if a.RuleID != b.RuleID {
			return a.RuleID < b.RuleID
		}
		return a.Fingerprint < b.Fingerprint
	})
	sort.SliceStable(r.Notices, func(i, j int) bool {
		a, b := &r.Notices[i], &r.Notices[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		return a.Message < b.Message
	})
	sort.Slice(r.Rules, func(i, j int) bool { return r.Rules[i].ID < r.Rules[j].ID })
}

// Merge appends another report's findings, notices, rules and stats (used by gate to join stages).
func (r *Report) Merge(o *Report) {
	r.Findings = append(r.Findings, o.Findings...)
	r.Notices = append(r.Notices, o.Notices...)
	seen := map[string]bool{}
	for _, ri := range r.Rules {
		seen[ri.ID] = true
	}
	for _, ri := range o.Rules {
		if !seen[ri.ID] {
			r.Rules = append(r.Rules, ri)
			seen[ri.ID] = true
		}
	}
	r.Inputs = append(r.Inputs, o.Inputs...)
	r.Runs = append(r.Runs, o.Runs...)
	r.Stats.Files += o.Stats.Files
	r.Stats.Classes += o.Stats.Classes
	r.Stats.Bytes += o.Stats.Bytes
	r.Stats.Skipped += o.Stats.Skipped
	r.Stats.DurationMS += o.Stats.DurationMS
}

// HasErrors reports whether any input could not be scanned (an error-level notice).
func (r *Report) HasErrors() bool {
	for _, n := range r.Notices {
		if n.Level == NoticeError {
			return true
		}
	}
	return false
}

// Failing returns the findings that count toward the gate at or above the threshold.
func (r *Report) Failing(threshold Severity) []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.Counts() && f.Severity >= threshold {
			out = append(out, f)
		}
	}
	return out
}
