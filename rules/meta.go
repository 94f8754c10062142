package rules

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/kompat/kompat/reports"
)

//go:embed defs/*.yaml
var defsFS embed.FS

// FamilyTool is the family of the KP9nnn notices: the tool about its own work (inputs it could
// not read, suppressions, limits, probes). A notice's YAML gives its title, what it means (why)
// and what to do (fix.text); it has no severity, confidence or frontends.
const FamilyTool = "tool"

// Families and the first digit of their rule IDs.
var Families = map[string]byte{
	"static-state": '1',
	"classloader":  '2',
	"resources":    '3',
	"packaging":    '4',
	"adapters":     '5',
	"runtime":      '8',
	"tool":         '9',
}

// Frontend names a rule may list.
const (
	FrontSource   = "source"
	FrontBytecode = "bytecode"
	FrontAdapters = "adapters"
	FrontHarness  = "harness"
	FrontArchive  = "archive" // jar-level facts seen by the scanner's archive walk
)

// SeverityBySide is a rule's severity for base-shared and for module-private code.
type SeverityBySide struct {
	Base   reports.Severity `yaml:"base"`
	Module reports.Severity `yaml:"module"`
}

// Fix is a rule's fix guidance with a before/after example.
type Fix struct {
	Text string `yaml:"text"`
	// Module, when set, is the fix hint for findings in module-private code, where the base-side
	// advice (text) does not fit the situation.
	Module string `yaml:"module,omitempty"`
	Before string `yaml:"before"`
	After  string `yaml:"after"`
}

// Meta is a rule's documentation and configuration, read from rules/defs/<ID>-<slug>.yaml.
type Meta struct {
	ID         string             `yaml:"id"`
	Slug       string             `yaml:"slug"`
	Title      string             `yaml:"title"`
	Family     string             `yaml:"family"`
	Severity   SeverityBySide     `yaml:"severity"`
	Confidence reports.Confidence `yaml:"confidence"`
	Frontends  []string           `yaml:"frontends"`
	Hazards    []string           `yaml:"hazards"`
	Why        string             `yaml:"why"`
	Fix        Fix                `yaml:"fix"`
	References []string           `yaml:"references"`
	// Message is the finding message for declarative rules; {call}, {class}, {method}, {field}
	// and {type} are replaced by the matched site.
	Message string `yaml:"message,omitempty"`
	// MessageModule, when set, is the message of a declarative rule's findings at --side module,
	// where the code is private to one app and the base-side wording would be wrong.
	MessageModule string `yaml:"message-module,omitempty"`
	// Match makes a rule declarative: call sites and object creations, with exclusions and pairing.
	Match *Match `yaml:"match,omitempty"`
	// FailsCycle marks a runtime verdict that means an install/uninstall cycle itself failed:
	// verify exits 1 for it whatever --fail-on says.
	FailsCycle bool `yaml:"fails-cycle,omitempty"`
	// Once marks a first-use advisory: what matters is that the code base uses the API at all,
	// so the scan reports it once, at the first site, with the other sites as related locations.
	Once bool `yaml:"once,omitempty"`

	file string
}

// Runs reports whether the rule runs on a frontend.
func (m *Meta) Runs(frontend string) bool {
	for _, f := range m.Frontends {
		if f == frontend {
			return true
		}
	}
	return false
}

// MessageFor is a declarative rule's message template for a side.
func (m *Meta) MessageFor(s Side) string {
	if s == SideModule && m.MessageModule != "" {
		return m.MessageModule
	}
	return m.Message
}

// FixHint is the fix guidance reports show next to a finding: the first paragraph of fix.text,
// on one line.
func (m *Meta) FixHint() string {
	s := strings.TrimSpace(m.Fix.Text)
	if i := strings.Index(s, "\n\n"); i >= 0 {
		s = s[:i]
	}
	return strings.Join(strings.Fields(s), " ")
}

// Notice reports whether the ID is a KP9nnn notice rather than a rule.
func (m *Meta) Notice() bool { return m.Family == FamilyTool }

// NewFinding is the one way to build a finding: the rule's ID, slug, family, severity for the
// side, confidence and fix hint, at loc, with the fingerprint computed from loc and the snippet.
// Callers may add evidence, related locations and adapters, or a more specific fix, afterwards;
// none of those enter the fingerprint.
func (m *Meta) NewFinding(side Side, loc reports.Location, msg, snippet string) reports.Finding {
	f := reports.Finding{
		RuleID: m.ID, Slug: m.Slug, Family: m.Family,
		Severity: m.SeverityFor(side), Confidence: m.Confidence,
		Message: msg, Location: loc, Fix: m.FixHint(), Snippet: snippet,
	}
	if side == SideModule && strings.TrimSpace(m.Fix.Module) != "" {
		f.Fix = strings.Join(strings.Fields(m.Fix.Module), " ")
	}
	f.ComputeFingerprint()
	return f
}

// Static reports whether the rule is a code rule (runs on source or bytecode).
func (m *Meta) Static() bool { return m.Runs(FrontSource) || m.Runs(FrontBytecode) }

// SeverityFor returns the severity for a side.
func (m *Meta) SeverityFor(s Side) reports.Severity {
	if s == SideBase {
		return m.Severity.Base
	}
	return m.Severity.Module
}

// Info returns what reports carry about the rule.
func (m *Meta) Info() reports.RuleInfo {
	sev := m.Severity.Module
	if m.Severity.Base > sev {
		sev = m.Severity.Base
	}
	return m.info(sev)
}

// InfoFor returns what reports carry about the rule, with the severity of one side.
func (m *Meta) InfoFor(s Side) reports.RuleInfo { return m.info(m.SeverityFor(s)) }

func (m *Meta) info(sev reports.Severity) reports.RuleInfo {
	return reports.RuleInfo{ID: m.ID, Slug: m.Slug, Title: m.Title, Family: m.Family, Severity: sev,
		Confidence: m.Confidence, Why: strings.TrimSpace(m.Why), Fix: strings.TrimSpace(m.Fix.Text),
		Before: strings.TrimRight(m.Fix.Before, "\n "), After: strings.TrimRight(m.Fix.After, "\n "), References: m.References,
		HelpURI: HelpURI(m.ID, m.Slug)}
}

// HelpURIBase is where each rule's documentation is published (the README's rule table links
// the same anchors).
const HelpURIBase = "https://github.com/kompat/kompat/blob/main/docs/rules.md"

// HelpURI is the documentation link of one rule.
func HelpURI(id, slug string) string { return HelpURIBase + "#" + strings.ToLower(id) + "-" + slug }

// Side says whether code is shared by every app (base) or private to one module.
type Side int

// Sides.
const (
	SideModule Side = iota
	SideBase
)

func (s Side) String() string {
	if s == SideBase {
		return "base"
	}
	return "module"
}

// ParseSide reads "base" or "module".
func ParseSide(s string) (Side, error) {
	switch strings.ToLower(s) {
	case "module":
		return SideModule, nil
	case "base", "shared":
		return SideBase, nil
	}
	return SideModule, fmt.Errorf("unknown side %q (want base or module)", s)
}

var (
	loadOnce sync.Once
	allMeta  []*Meta
	notices  []*Meta
	retired  []Retired
	byKey    map[string]*Meta
	loadErr  error
)

func loadAll() {
	loadOnce.Do(func() {
		var d *Defs
		d, loadErr = Validate(defsFS)
		if d != nil {
			allMeta, notices, retired, byKey = d.Rules, d.Notices, d.Retired, d.byKey
		}
	})
}

// All returns every rule's metadata (not the notices), sorted by ID. It panics if the embedded
// definitions are invalid, which TestDefinitions catches before any release.
func All() []*Meta {
	loadAll()
	if loadErr != nil {
		panic(loadErr)
	}
	return allMeta
}

// Load returns the rules (not the notices) or the validation error (for `kompat rules` and tests).
func Load() ([]*Meta, error) {
	loadAll()
	return allMeta, loadErr
}

// Notices returns the KP9nnn notice definitions, sorted by ID.
func Notices() []*Meta {
	loadAll()
	return notices
}

// RetiredIDs returns the IDs that were used once and must not be given to another rule.
func RetiredIDs() []Retired {
	loadAll()
	return retired
}

// Lookup finds a rule or notice by ID or slug.
func Lookup(key string) *Meta {
	loadAll()
	return byKey[strings.ToLower(key)]
}

// Get returns the definition of an ID a stage emits. It panics for an ID without a YAML file:
// every ID kompat emits has one, and TestEmittedIDsHaveDefinitions checks the sources for it.
// Definitions that fail validation elsewhere do not stop the others from being found.
func Get(id string) *Meta {
	loadAll()
	m := byKey[strings.ToLower(id)]
	if m == nil {
		panic(fmt.Sprintf("rules: %s has no definition in rules/defs", id))
	}
	return m
}

// Retired is an ID that is no longer used; the YAML file of a new rule may not reuse it, so that
// old reports, baselines and suppressions never mean something else.
type Retired struct {
	ID     string `yaml:"id"`
	Slug   string `yaml:"slug"`
	Reason string `yaml:"reason"`
}

// Defs is a validated set of definitions.
type Defs struct {
	Rules   []*Meta // families 1-8, sorted by ID
	Notices []*Meta // family tool (KP9nnn), sorted by ID
	Retired []Retired
	byKey   map[string]*Meta
}

var (
	idRe   = regexp.MustCompile(`^KP[1-9][0-9]{3}$`)
	slugRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

// Validate reads defs/KP*.yaml and defs/retired.yaml from fsys and checks every definition: its
// fields, its file name, unique IDs and slugs, and no reuse of a retired ID or slug. It returns
// what it could read together with the error.
func Validate(fsys fs.FS) (*Defs, error) {
	names, err := fs.Glob(fsys, "defs/KP*.yaml")
	if err != nil {
		return nil, err
	}
	d := &Defs{byKey: map[string]*Meta{}}
	var errs []string
	if data, err := fs.ReadFile(fsys, "defs/retired.yaml"); err == nil {
		var doc struct {
			Retired []Retired `yaml:"retired"`
		}
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(&doc); err != nil && err != io.EOF {
			errs = append(errs, fmt.Sprintf("defs/retired.yaml: %v", err))
		}
		d.Retired = doc.Retired
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	retiredKeys := map[string]string{}
	for _, r := range d.Retired {
		if !idRe.MatchString(r.ID) || strings.TrimSpace(r.Reason) == "" {
			errs = append(errs, fmt.Sprintf("defs/retired.yaml: %q needs a KPnnnn id and a reason", r.ID))
		}
		retiredKeys[strings.ToLower(r.ID)] = r.ID
		if r.Slug != "" {
			retiredKeys[r.Slug] = r.ID
		}
	}
	keys := map[string]string{}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		m := &Meta{file: path.Base(name)}
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(m); err != nil {
			errs = append(errs, fmt.Sprintf("%s: %v", name, err))
			continue
		}
		for _, e := range validate(m) {
			errs = append(errs, fmt.Sprintf("%s: %s", name, e))
		}
		for _, k := range []string{strings.ToLower(m.ID), m.Slug} {
			if other, dup := keys[k]; dup {
				errs = append(errs, fmt.Sprintf("%s: %q already used by %s", name, k, other))
			}
			if id, gone := retiredKeys[k]; gone {
				errs = append(errs, fmt.Sprintf("%s: %q belongs to retired %s (see defs/retired.yaml); take a new ID", name, k, id))
			}
			keys[k] = name
			d.byKey[k] = m
		}
		if m.Notice() {
			d.Notices = append(d.Notices, m)
		} else {
			d.Rules = append(d.Rules, m)
		}
	}
	sort.Slice(d.Rules, func(i, j int) bool { return d.Rules[i].ID < d.Rules[j].ID })
	sort.Slice(d.Notices, func(i, j int) bool { return d.Notices[i].ID < d.Notices[j].ID })
	if len(errs) > 0 {
		return d, fmt.Errorf("invalid rule definitions:\n  %s", strings.Join(errs, "\n  "))
	}
	return d, nil
}

func validate(m *Meta) []string {
	var errs []string
	if !idRe.MatchString(m.ID) {
		errs = append(errs, fmt.Sprintf("id %q is not KPnnnn", m.ID))
	}
	if !slugRe.MatchString(m.Slug) {
		errs = append(errs, fmt.Sprintf("slug %q is not kebab-case", m.Slug))
	}
	if want := fmt.Sprintf("%s-%s.yaml", m.ID, m.Slug); m.file != want {
		errs = append(errs, fmt.Sprintf("file name should be %s", want))
	}
	digit, ok := Families[m.Family]
	if !ok {
		errs = append(errs, fmt.Sprintf("unknown family %q", m.Family))
	} else if len(m.ID) > 2 && m.ID[2] != digit {
		errs = append(errs, fmt.Sprintf("id %s does not start with family digit %c", m.ID, digit))
	}
	if strings.TrimSpace(m.Title) == "" || strings.TrimSpace(m.Why) == "" || strings.TrimSpace(m.Fix.Text) == "" {
		errs = append(errs, "title, why and fix.text are required")
	}
	if m.Notice() {
		// A notice is what it means (why) and what to do (fix.text), nothing more.
		if m.Severity != (SeverityBySide{}) || m.Confidence != reports.ConfidenceNone || len(m.Frontends) > 0 || m.Match != nil || m.FailsCycle {
			errs = append(errs, "notices (family tool) take no severity, confidence, frontends, match or fails-cycle")
		}
		return errs
	}
	if m.Once && !m.Static() {
		errs = append(errs, "once is for code rules (first-use advisories)")
	}
	if m.FailsCycle && m.Family != "runtime" {
		errs = append(errs, "fails-cycle is for runtime verdicts")
	}
	if m.Severity.Base == reports.SeverityNone || m.Severity.Module == reports.SeverityNone {
		errs = append(errs, "severity.base and severity.module are required")
	}
	if m.Confidence == reports.ConfidenceNone {
		errs = append(errs, "confidence is required")
	}
	if len(m.Frontends) == 0 {
		errs = append(errs, "frontends is required")
	}
	for _, f := range m.Frontends {
		switch f {
		case FrontSource, FrontBytecode, FrontAdapters, FrontHarness, FrontArchive:
		default:
			errs = append(errs, fmt.Sprintf("unknown frontend %q", f))
		}
	}
	if m.Static() && (strings.TrimSpace(m.Fix.Before) == "" || strings.TrimSpace(m.Fix.After) == "") {
		errs = append(errs, "code rules need fix.before and fix.after examples")
	}
	if m.Match != nil {
		if m.Message == "" {
			errs = append(errs, "declarative rules need a message")
		}
		errs = append(errs, m.Match.validate()...)
	}
	return errs
}
