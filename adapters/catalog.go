package adapters

import (
	"embed"
	"errors"
	"fmt"
	"github.com/kompat/kompat/reports"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kompat/kompat/adapters/maven"
)

//go:embed catalog/official catalog/classes.yaml catalog/packaging.yaml
var catalogFS embed.FS

// Level orders mapping sources. Every mapping of every level applies, as the Koupleless base build
// plugin applies its custom and remote configs together: its matcher has no equals, so a custom
// mapping with the same matcher as an official one is applied in addition to it (Conflicts names
// those whose adapter versions differ). commonDependencies with the same groupId:artifactId are
// replaced by the higher level.
type Level int

// Mapping sources, lowest precedence first.
const (
	LevelOfficial Level = iota // the embedded koupleless-adapter-configs catalog
	LevelUser                  // --mapping files, in the order given (like customAdaptorMappingDependencies)
	LevelBase                  // the base project's conf/ark/adapter-mapping.yaml (the plugin's "custom")
)

func (l Level) String() string {
	switch l {
	case LevelOfficial:
		return "official"
	case LevelUser:
		return "user"
	case LevelBase:
		return "base"
	}
	return fmt.Sprintf("level(%d)", int(l))
}

// Hazard categories an adapter fixes (the family of the findings it answers).
const (
	HazardStaticState = "static-state"
	HazardClassLoader = "classloader"
	HazardResources   = "resources"
	HazardOther       = "other"
)

// ReplacedClass is a library class an adapter ships under the same fully qualified name.
type ReplacedClass struct {
	Class   string   `yaml:"class"`
	Hazards []string `yaml:"hazards"`
}

// Adapter is one adapter artifact with what the catalog knows about it.
type Adapter struct {
	GroupID    string
	ArtifactID string
	Version    string          // effective version from the highest-precedence mapping naming it
	Replaces   []ReplacedClass // empty for adapters the class table does not describe
	Adds       []string
	Rules      []*Rule // the mappings that select this adapter
}

// GA returns "groupId:artifactId".
func (a *Adapter) GA() string { return a.GroupID + ":" + a.ArtifactID }

// GAV returns "groupId:artifactId:version" (without the version when none is known).
func (a *Adapter) GAV() string {
	if a.Version == "" {
		return a.GA()
	}
	return a.GA() + ":" + a.Version
}

// Classes lists every class the adapter ships (replaced and added).
func (a *Adapter) Classes() []string {
	out := make([]string, 0, len(a.Replaces)+len(a.Adds))
	for _, r := range a.Replaces {
		out = append(out, r.Class)
	}
	return append(out, a.Adds...)
}

// Rule is one mapping as loaded: where it came from, its parsed range and its effective adapter.
type Rule struct {
	Mapping Mapping
	Range   maven.VersionRange // parsed Matcher.VersionRange (no Ranges when it has none)
	Version string             // adapter version: the mapping's own or the file's default
	Source  string             // file the mapping came from
	Index   int                // position in the file's adapterMappings
	Level   Level
	re      *regexp.Regexp
	// unusable says why the plugin fails the build when this mapping matches (an adapter without
	// groupId or version); such a mapping yields no adapter.
	unusable string
}

// Where names the mapping for messages: "file adapterMappings[i]".
func (r *Rule) Where() string { return fmt.Sprintf("%s adapterMappings[%d]", r.Source, r.Index) }

// matcherKey identifies a matcher: two mappings with the same one match the same artifacts.
func (r *Rule) matcherKey() string {
	m := r.Mapping.Matcher
	return strings.Join([]string{m.Regexp, m.GroupID, m.ArtifactID, m.VersionRange}, "\x00")
}

// key identifies a mapping as loaded from one file: the same file added twice adds nothing.
func (r *Rule) key() string {
	return strings.Join([]string{r.matcherKey(), r.Mapping.Adapter.GA(), r.Version, r.Source}, "\x00")
}

// Matches applies the plugin's matcher: the regexp first (against
// groupId:artifactId:version:type[:classifier]), then exact groupId and artifactId with the version
// inside the range.
func (r *Rule) Matches(a Artifact) bool {
	if r.re != nil && r.re.MatchString(a.fullID()) {
		return true
	}
	m := r.Mapping.Matcher
	if len(r.Range.Ranges) == 0 || a.Version == "" {
		return false
	}
	return m.GroupID == a.GroupID && m.ArtifactID == a.ArtifactID && r.Range.ContainsString(a.Version)
}

// Library describes what the rule matches, e.g. "ch.qos.logback:logback-classic [1.1.7,1.2.13]".
func (r *Rule) Library() string {
	m := r.Mapping.Matcher
	if m.GroupID == "" && m.ArtifactID == "" && m.Regexp != "" {
		return "regexp " + m.Regexp
	}
	return m.GroupID + ":" + m.ArtifactID + " " + m.VersionRange
}

// Catalog is the set of adapter mappings in force plus the per-adapter class table.
type Catalog struct {
	rules    []*Rule
	byKey    map[string]*Rule
	common   map[string]commonDep
	classes  map[string]classEntry // adapter GA -> classes
	pack     packaging
	adapters map[string]*Adapter // built lazily by index()
	byClass  map[string][]*Adapter
}

type commonDep struct {
	dep   Dependency
	level Level
}

type classEntry struct {
	Replaces []ReplacedClass `yaml:"replaces"`
	Adds     []string        `yaml:"adds"`
}

type packaging struct {
	BOMs        []string `yaml:"boms"`
	BaseOnly    []string `yaml:"baseOnly"`
	BuildPlugin struct {
		Plugin string `yaml:"plugin"`
		Goal   string `yaml:"goal"`
	} `yaml:"buildPlugin"`
}

// Official returns the embedded catalog: every public mapping of the koupleless-adapter-configs
// jar, one adapter-mapping.yaml per adapter as that jar holds them.
func Official() (*Catalog, error) {
	c := &Catalog{byKey: map[string]*Rule{}, common: map[string]commonDep{}}
	var files []string
	err := fs.WalkDir(catalogFS, "catalog/official", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && path.Ext(p) == ".yaml" {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("walk embedded catalog: %w", err)
	}
	sort.Strings(files)
	for _, p := range files {
		data, err := catalogFS.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("read embedded %s: %w", p, err)
		}
		if err := c.Add(strings.TrimPrefix(p, "catalog/official/"), data, LevelOfficial); err != nil {
			return nil, err
		}
	}
	var ct struct {
		Adapters map[string]classEntry `yaml:"adapters"`
	}
	if err := decodeEmbedded("catalog/classes.yaml", &ct); err != nil {
		return nil, err
	}
	c.classes = ct.Adapters
	if err := decodeEmbedded("catalog/packaging.yaml", &c.pack); err != nil {
		return nil, err
	}
	return c, nil
}

func decodeEmbedded(name string, v any) error {
	data, err := catalogFS.ReadFile(name)
	if err != nil {
		return fmt.Errorf("read embedded %s: %w", name, err)
	}
	if err := yaml.Unmarshal(data, v); err != nil {
		return fmt.Errorf("parse embedded %s: %w", name, err)
	}
	return nil
}

// Add parses a mapping file and merges it at the given level. A file that does not parse, or a
// mapping whose range or regexp is invalid, is an error naming the file; the valid mappings of the
// file are still added.
func (c *Catalog) Add(source string, data []byte, level Level) error {
	cfg, err := ParseMapping(data)
	if err != nil {
		return fmt.Errorf("%s: %w", source, err)
	}
	return c.AddMapping(source, cfg, level)
}

// AddMapping merges a parsed config at the given level.
func (c *Catalog) AddMapping(source string, cfg *MappingFile, level Level) error {
	me := &MappingError{Source: source}
	for i, m := range cfg.AdapterMappings {
		r := &Rule{Mapping: m, Version: m.Adapter.Version, Source: source, Index: i, Level: level}
		if r.Version == "" {
			r.Version = cfg.Version
		}
		warn, err := r.compile()
		if err != nil {
			me.Errors = append(me.Errors, fmt.Sprintf("adapterMappings[%d]: %v", i, err))
			continue
		}
		if warn != "" {
			me.Warnings = append(me.Warnings, fmt.Sprintf("adapterMappings[%d]: %s", i, warn))
		}
		if _, ok := c.byKey[r.key()]; ok {
			continue
		}
		c.byKey[r.key()] = r
		c.rules = append(c.rules, r)
	}
	for _, d := range cfg.CommonDependencies {
		if old, ok := c.common[d.GA()]; ok && old.level > level {
			continue
		}
		c.common[d.GA()] = commonDep{dep: d, level: level}
	}
	c.adapters, c.byClass = nil, nil
	if len(me.Errors) > 0 || len(me.Warnings) > 0 {
		return me
	}
	return nil
}

// MappingError is what is wrong with a mapping file: errors (mappings the plugin cannot read,
// left out) and warnings (mappings the plugin reads but that match nothing).
type MappingError struct {
	Source           string
	Errors, Warnings []string
}

func (e *MappingError) Error() string {
	return e.Source + ": " + strings.Join(append(append([]string{}, e.Errors...), e.Warnings...), "; ")
}

// MappingNotices turns an error of Add, AddFile or WithFile into KP9120 notices: an error notice,
// or a warning when the file only has mappings that match nothing.
func MappingNotices(path string, err error) []reports.Notice {
	if err == nil {
		return nil
	}
	var me *MappingError
	if errors.As(err, &me) && len(me.Errors) == 0 {
		return []reports.Notice{{Code: NoticeBadMapping, Level: reports.NoticeWarning, Path: filepath.ToSlash(path), Message: err.Error()}}
	}
	return []reports.Notice{{Code: NoticeBadMapping, Level: reports.NoticeError, Path: filepath.ToSlash(path), Message: err.Error()}}
}

// compile checks a mapping as the plugin reads it. It returns an error for a mapping the plugin
// cannot use at all, and a warning for one that silently matches nothing (a bare version).
func (r *Rule) compile() (warning string, err error) {
	m := r.Mapping.Matcher
	if m.Regexp == "" && (m.GroupID == "" || m.ArtifactID == "" || m.VersionRange == "") {
		return "", fmt.Errorf("matcher needs a regexp or groupId, artifactId and versionRange")
	}
	if m.Regexp != "" {
		re, err := regexp.Compile(`^(?:` + m.Regexp + `)$`)
		if err != nil {
			return "", fmt.Errorf("regexp %q does not compile in RE2 (Go's regexp syntax: no lookaround, backreferences or possessive quantifiers, which Java's Pattern accepts): %w", m.Regexp, err)
		}
		r.re = re
	}
	if v := strings.TrimSpace(m.VersionRange); v != "" {
		if !strings.HasPrefix(v, "[") && !strings.HasPrefix(v, "(") {
			// Aether reads a bare version as a soft requirement, which the plugin's range
			// containment never satisfies.
			warning = fmt.Sprintf("versionRange %q is a bare version, not a range: the plugin would match nothing with it (write [%s] or [%s,%s] for that version)", m.VersionRange, v, v, v)
		} else {
			rng, err := maven.ParseRange(m.VersionRange)
			if err != nil {
				return "", err
			}
			r.Range = rng
		}
	}
	a := r.Mapping.Adapter
	if a.ArtifactID == "" {
		return "", fmt.Errorf("adapter needs an artifactId")
	}
	switch {
	case a.GroupID == "":
		r.unusable = fmt.Sprintf("adapter %s has no groupId", a.ArtifactID)
	case r.Version == "":
		r.unusable = fmt.Sprintf("adapter %s has no version and the file sets no default version", a.GA())
	}
	return warning, nil
}

// Rules returns the mappings in force, in load order.
func (c *Catalog) Rules() []*Rule { return c.rules }

// CommonDependencies returns the merged commonDependencies, sorted by groupId:artifactId.
func (c *Catalog) CommonDependencies() []Dependency {
	out := make([]Dependency, 0, len(c.common))
	for _, d := range c.common {
		out = append(out, d.dep)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].GA() < out[j].GA() })
	return out
}

func (c *Catalog) index() {
	if c.adapters != nil {
		return
	}
	c.adapters = map[string]*Adapter{}
	c.byClass = map[string][]*Adapter{}
	top := map[string]Level{}
	for _, r := range c.rules {
		if r.unusable != "" {
			continue
		}
		ga := r.Mapping.Adapter.GA()
		a := c.adapters[ga]
		if a == nil {
			a = &Adapter{GroupID: r.Mapping.Adapter.GroupID, ArtifactID: r.Mapping.Adapter.ArtifactID}
			if ce, ok := c.classes[ga]; ok {
				a.Replaces, a.Adds = ce.Replaces, ce.Adds
			}
			c.adapters[ga] = a
		}
		if len(a.Rules) == 0 || r.Level >= top[ga] {
			a.Version, top[ga] = r.Version, r.Level
		}
		a.Rules = append(a.Rules, r)
	}
	for _, a := range c.adapters {
		for _, rc := range a.Replaces {
			c.byClass[rc.Class] = append(c.byClass[rc.Class], a)
		}
	}
	for _, list := range c.byClass {
		sort.Slice(list, func(i, j int) bool { return list[i].GA() < list[j].GA() })
	}
}

// Adapter returns the adapter with the given groupId:artifactId, or nil.
func (c *Catalog) Adapter(ga string) *Adapter {
	c.index()
	return c.adapters[ga]
}

// Adapters returns every adapter the loaded mappings name, sorted by groupId:artifactId.
func (c *Catalog) Adapters() []*Adapter {
	c.index()
	out := make([]*Adapter, 0, len(c.adapters))
	for _, a := range c.adapters {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].GA() < out[j].GA() })
	return out
}

// AdaptersForClass returns the adapters that ship a patched copy of the class, sorted by
// groupId:artifactId. A nested class (Outer$Inner) the table does not list falls back to its
// outermost class, since an adapter replaces a whole compilation unit.
func (c *Catalog) AdaptersForClass(fqcn string) []*Adapter {
	c.index()
	if list, ok := c.byClass[fqcn]; ok {
		return list
	}
	if i := strings.IndexByte(fqcn, '$'); i > 0 {
		return c.byClass[fqcn[:i]]
	}
	return nil
}

// ReplacedClass returns the entry for fqcn in the adapter's class table (with its hazard
// categories), falling back to the outer class for nested classes.
func (a *Adapter) ReplacedClass(fqcn string) (ReplacedClass, bool) {
	for _, try := range []string{fqcn, outerClass(fqcn)} {
		for _, rc := range a.Replaces {
			if rc.Class == try {
				return rc, true
			}
		}
	}
	return ReplacedClass{}, false
}

func outerClass(fqcn string) string {
	if i := strings.IndexByte(fqcn, '$'); i > 0 {
		return fqcn[:i]
	}
	return fqcn
}

// Match is one mapping that selected one artifact of an inventory.
type Match struct {
	Rule     *Rule
	Adapter  *Adapter
	Artifact Artifact
}

// Match returns every (mapping, artifact) pair that matches, as the plugin computes them, sorted by
// adapter and library. Artifacts in test scope are not on the base's runtime classpath and are skipped.
func (c *Catalog) Match(arts []Artifact) []Match {
	c.index()
	var out []Match
	for _, r := range c.rules {
		if r.unusable != "" {
			continue
		}
		for _, a := range arts {
			if a.Scope == "test" {
				continue
			}
			if r.Matches(a) {
				out = append(out, Match{Rule: r, Adapter: c.adapters[r.Mapping.Adapter.GA()], Artifact: a})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if a, b := out[i].Adapter.GA(), out[j].Adapter.GA(); a != b {
			return a < b
		}
		return out[i].Artifact.GAV() < out[j].Artifact.GAV()
	})
	return out
}

// Unusable returns the matches of mappings the plugin fails the build on (an adapter without
// groupId or version, as its Preconditions check): each as an error naming the file and mapping.
func (c *Catalog) Unusable(arts []Artifact) []error {
	var out []error
	for _, r := range c.rules {
		if r.unusable == "" {
			continue
		}
		for _, a := range arts {
			if a.Scope != "test" && r.Matches(a) {
				out = append(out, fmt.Errorf("%s matches %s but %s: koupleless-base-build-plugin fails the build on it", r.Where(), a.GAV(), r.unusable))
				break
			}
		}
	}
	return out
}

// Conflict is two mappings with the same matcher and adapter but different adapter versions; the
// plugin applies both, and which version ends up in the base depends on HashMap order.
type Conflict struct{ A, B *Rule }

// Conflicts returns the conflicting pairs among the matches, each once.
func Conflicts(ms []Match) []Conflict {
	var out []Conflict
	for i := range ms {
		for j := i + 1; j < len(ms); j++ {
			a, b := ms[i].Rule, ms[j].Rule
			if a != b && a.matcherKey() == b.matcherKey() && a.Mapping.Adapter.GA() == b.Mapping.Adapter.GA() && a.Version != b.Version &&
				ms[i].Artifact.GAV() == ms[j].Artifact.GAV() {
				out = append(out, Conflict{A: a, B: b})
			}
		}
	}
	return out
}

// IsBOM reports whether g:a is a BOM or parent that versions its own groupId.
func (c *Catalog) IsBOM(ga string) bool {
	for _, b := range c.pack.BOMs {
		if b == ga {
			return true
		}
	}
	return false
}

// BaseOnly reports whether g:a belongs to the base only (see catalog/packaging.yaml), and the
// pattern that says so.
func (c *Catalog) BaseOnly(ga string) (string, bool) {
	for _, p := range c.pack.BaseOnly {
		if ok, _ := path.Match(strings.ReplaceAll(p, ":", "/"), strings.ReplaceAll(ga, ":", "/")); ok {
			return p, true
		}
	}
	return "", false
}

// BuildPlugin returns the groupId:artifactId and goal of the plugin that applies adapters at build time.
func (c *Catalog) BuildPlugin() (ga, goal string) {
	return c.pack.BuildPlugin.Plugin, c.pack.BuildPlugin.Goal
}

// Clone returns an independent copy whose rules can be replaced without touching c.
func (c *Catalog) Clone() *Catalog {
	n := &Catalog{byKey: map[string]*Rule{}, common: map[string]commonDep{}, classes: c.classes, pack: c.pack}
	for _, r := range c.rules {
		cp := *r
		n.rules = append(n.rules, &cp)
		n.byKey[cp.key()] = &cp
	}
	for k, v := range c.common {
		n.common[k] = v
	}
	return n
}

// WithFile returns a copy of the catalog with a mapping file merged at the given level. On a read
// or parse error the copy holds whatever mappings of the file were valid, and the error says why.
func (c *Catalog) WithFile(path string, level Level) (*Catalog, error) {
	n := c.Clone()
	return n, n.AddFile(path, level)
}

// AddFile reads and merges one mapping file.
func (c *Catalog) AddFile(p string, level Level) error {
	data, err := os.ReadFile(p)
	if err != nil {
		return fmt.Errorf("read adapter mapping: %w", unwrapPath(err))
	}
	return c.Add(filepath.ToSlash(p), data, level)
}

// Export writes the mappings in force as one file in the Koupleless schema, each adapter with its
// effective version, in load order.
func (c *Catalog) Export() *MappingFile {
	out := &MappingFile{CommonDependencies: c.CommonDependencies()}
	for _, r := range c.rules {
		m := r.Mapping
		m.Adapter.Version = r.Version
		out.AdapterMappings = append(out.AdapterMappings, m)
	}
	return out
}
