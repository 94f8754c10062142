package adapters

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/kompat/kompat/reports"
)

// Notice codes of this package (KP9101..KP9199).
const (
	NoticeUnreadable     = "KP9101" // an input path could not be read
	NoticeUnrecognized   = "KP9102" // an input is neither a jar, a pom nor saved Maven output
	NoticeCorruptJar     = "KP9103" // a jar or nested jar is not a valid zip
	NoticeSkippedEntry   = "KP9104" // a nested entry over the size limits was skipped
	NoticeBadPom         = "KP9105" // a pom.xml does not parse
	NoticeParentMissing  = "KP9106" // a parent pom is not inside the repository
	NoticeNoVersion      = "KP9107" // dependencies whose version could not be determined
	NoticeProperty       = "KP9108" // a ${property} could not be resolved
	NoticeNotResolved    = "KP9110" // only a pom was read: transitive dependencies are unknown
	NoticeNoDependencies = "KP9109" // a directory without a pom or saved Maven output
	NoticeBadMavenLine   = "KP9111" // lines of saved Maven output that are not coordinates
	NoticeNameIdentity   = "KP9112" // nested jars identified by file name only
	NoticeBadMapping     = "KP9120" // an adapter mapping file does not parse or has invalid mappings
	NoticeMappingClash   = "KP9121" // two mappings with the same matcher and adapter name different versions
	NoticeNoBase         = "KP9130" // module checks that need --base were skipped
	NoticeSlimSummary    = "KP9131" // what slimming a module would save
)

// Artifact is one dependency of a project, however it was learnt.
type Artifact struct {
	GroupID    string `json:"groupId"`
	ArtifactID string `json:"artifactId"`
	Version    string `json:"version,omitempty"`
	Type       string `json:"type,omitempty"`
	Classifier string `json:"classifier,omitempty"`
	Scope      string `json:"scope,omitempty"`
	// Path is where it was found: "app.jar!/BOOT-INF/lib/x-1.2.jar", "pom.xml", "deps.txt".
	Path string `json:"path"`
	Line int    `json:"line,omitempty"`
	// Size is the nested jar's size in bytes (0 when unknown).
	Size int64 `json:"size,omitempty"`
	// Direct is true for dependencies the project declares itself.
	Direct bool `json:"direct,omitempty"`
	// Inferred is true when the version comes from a BOM or parent outside the repository.
	Inferred bool `json:"inferred,omitempty"`
	// Classes maps each class (FQN) of a nested jar to the CRC-32 of its bytes; nil if unknown.
	Classes map[string]uint32 `json:"-"`
}

// GA returns "groupId:artifactId".
func (a Artifact) GA() string { return a.GroupID + ":" + a.ArtifactID }

// GAV returns "groupId:artifactId:version".
func (a Artifact) GAV() string { return a.GroupID + ":" + a.ArtifactID + ":" + a.Version }

// fullID is what a deprecated regexp matcher sees: groupId:artifactId:version:type[:classifier].
func (a Artifact) fullID() string {
	t := a.Type
	if t == "" {
		t = "jar"
	}
	s := a.GroupID + ":" + a.ArtifactID + ":" + a.Version + ":" + t
	if a.Classifier != "" {
		s += ":" + a.Classifier
	}
	return s
}

// shipped reports whether a module packs the artifact into its jar.
func (a Artifact) shipped() bool {
	switch a.Scope {
	case "provided", "test", "system", "import":
		return false
	}
	return a.Type == "" || a.Type == "jar"
}

// Inventory is what one input says a project depends on.
type Inventory struct {
	Path  string   // the input as given
	Kinds []string // what was read: jar, pom, dependency-list, dependency-tree
	// Resolved is true when transitive dependencies are known (a built artifact or saved Maven output).
	Resolved  bool
	Artifacts []Artifact
	// Classes are the project's own classes (BOOT-INF/classes, WEB-INF/classes or an ark-biz
	// jar's root), FQN to CRC-32; ClassesPath is their display location.
	Classes     map[string]uint32
	ClassesPath string
	// Jar holds the layout facts of a jar input, nil otherwise.
	Jar *JarInfo
	// BuildPlugin is true when a pom runs the adapter build plugin (koupleless-base-build-plugin add-patch).
	BuildPlugin bool
	// CustomMapping is the project's conf/ark/adapter-mapping.yaml, if it has one.
	CustomMapping string
	Notices       []reports.Notice
	Files         int
	Bytes         int64

	declared []Artifact // pom dependencies, merged by finish
}

// JarInfo describes a jar input's layout.
type JarInfo struct {
	Layout   string            // ark-biz, spring-boot, war or jar
	Mark     bool              // has com/alipay/sofa/ark/biz/mark
	BootInf  bool              // has a BOOT-INF/ directory
	Manifest map[string]string // main attributes
}

// IsBiz reports whether the jar presents itself as an ark-biz module (mark entry, Ark-Biz-Name or
// the -ark-biz.jar file name).
func (j *JarInfo) IsBiz(path string) bool {
	return j != nil && (j.Mark || j.Manifest["Ark-Biz-Name"] != "" || strings.HasSuffix(path, "-ark-biz.jar"))
}

func (inv *Inventory) notice(code, level, path, format string, a ...any) {
	inv.Notices = append(inv.Notices, reports.Notice{Code: code, Level: level, Path: path, Message: fmt.Sprintf(format, a...)})
}

// Find returns the artifacts with the given groupId:artifactId.
func (inv *Inventory) Find(ga string) []Artifact {
	var out []Artifact
	for _, a := range inv.Artifacts {
		if a.GA() == ga {
			out = append(out, a)
		}
	}
	return out
}

// HasClass reports whether the project's own classes or any of its jars hold the class.
func (inv *Inventory) HasClass(fqcn string) bool {
	if _, ok := inv.Classes[fqcn]; ok {
		return true
	}
	for _, a := range inv.Artifacts {
		if _, ok := a.Classes[fqcn]; ok {
			return true
		}
	}
	return false
}

// Saved Maven output files a project directory may hold, read when present.
var savedMavenNames = []string{"dependency-list.txt", "dependency-tree.txt", "dependencies.txt", "deps.txt"}

// Load reads one input: a jar, war or ark-biz jar; a pom.xml; saved `mvn dependency:list` or
// `dependency:tree` output; or a project directory (its pom.xml with its modules, any saved Maven
// output named dependency-list.txt, dependency-tree.txt, dependencies.txt or deps.txt, and its
// conf/ark/adapter-mapping.yaml). Problems become notices; Load never fails as a whole.
func Load(path string, cat *Catalog) *Inventory {
	inv := &Inventory{Path: path}
	fi, err := os.Stat(path)
	if err != nil {
		inv.notice(NoticeUnreadable, reports.NoticeError, path, "read input: %v", unwrapPath(err))
		return inv
	}
	if fi.IsDir() {
		loadDir(inv, path, cat)
	} else {
		loadFile(inv, path, cat)
	}
	finish(inv)
	return inv
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s %s: %w", pe.Op, filepath.ToSlash(pe.Path), pe.Err)
	}
	return err
}

func loadDir(inv *Inventory, dir string, cat *Catalog) {
	found := false
	for _, name := range savedMavenNames {
		p := filepath.Join(dir, name)
		if _, err := os.Stat(p); err == nil {
			loadMavenOutput(inv, p, false)
			found = true
		}
	}
	pom := filepath.Join(dir, "pom.xml")
	if _, err := os.Stat(pom); err == nil {
		loadPom(inv, pom, cat)
		found = true
	}
	cm := filepath.Join(dir, "conf", "ark", "adapter-mapping.yaml")
	if _, err := os.Stat(cm); err == nil {
		inv.CustomMapping = cm
	}
	if !found {
		inv.notice(NoticeNoDependencies, reports.NoticeWarning, filepath.ToSlash(dir), "no dependency information: the directory has no pom.xml and no saved Maven output (%s); pass a built jar or `mvn dependency:list` output", strings.Join(savedMavenNames, ", "))
	}
}

func loadFile(inv *Inventory, path string, cat *Catalog) {
	lower := strings.ToLower(path)
	switch {
	case strings.HasSuffix(lower, ".jar"), strings.HasSuffix(lower, ".war"), strings.HasSuffix(lower, ".ear"), strings.HasSuffix(lower, ".zip"):
		loadJar(inv, path)
	case strings.HasSuffix(lower, ".xml") || strings.HasSuffix(lower, ".pom"):
		loadPom(inv, path, cat)
		cm := filepath.Join(filepath.Dir(path), "conf", "ark", "adapter-mapping.yaml")
		if _, err := os.Stat(cm); err == nil {
			inv.CustomMapping = cm
		}
	default:
		loadMavenOutput(inv, path, true)
	}
}

// finish merges what the sources said: resolved sources (jar, Maven output) win; pom declarations
// mark which of those are direct, and stand alone only when nothing resolved was read, in which
// case a notice says that transitive dependencies are unknown.
func finish(inv *Inventory) {
	if inv.Resolved {
		idx := map[string]int{}
		for i, a := range inv.Artifacts {
			idx[a.GA()] = i
		}
		for _, d := range inv.declared {
			if i, ok := idx[d.GA()]; ok {
				inv.Artifacts[i].Direct = true
			}
		}
	} else {
		inv.Artifacts = append(inv.Artifacts, inv.declared...)
	}
	inv.declared = nil
	seen := map[string]bool{}
	out := inv.Artifacts[:0]
	for _, a := range inv.Artifacts {
		k := a.GAV() + ":" + a.Classifier + ":" + a.Path
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, a)
	}
	inv.Artifacts = out
	sort.SliceStable(inv.Artifacts, func(i, j int) bool {
		a, b := inv.Artifacts[i], inv.Artifacts[j]
		if a.GAV() != b.GAV() {
			return a.GAV() < b.GAV()
		}
		return a.Path < b.Path
	})
	if !inv.Resolved && contains(inv.Kinds, "pom") {
		inv.notice(NoticeNotResolved, reports.NoticeWarning, inv.Path,
			"only pom.xml was read: transitive dependencies are not resolved without network, so adapters for libraries pulled in transitively are not matched; pass a built jar or saved `mvn dependency:list` output for a complete answer")
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
