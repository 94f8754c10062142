package archive

import (
	"errors"
	"strings"

	"github.com/kompat/kompat/reports"
)

// Notice codes used by the walker (family 9, block 92xx).
const (
	CodeUnreadable   = "KP9201" // error: a file or nested jar is not a readable archive
	CodeTooManyFiles = "KP9202" // error: an archive has more entries than Limits.MaxEntries
	CodeEntryTooBig  = "KP9203" // error: an entry inflates to more than Limits.MaxEntryBytes
	CodeZipBomb      = "KP9204" // error: an entry's compression ratio exceeds Limits.MaxRatio
	CodeTooDeep      = "KP9205" // error: a nested jar lies deeper than Limits.MaxDepth
	CodeTotalBytes   = "KP9206" // error: the walk inflated more than Limits.MaxTotalBytes; the rest is skipped
	CodeDuplicate    = "KP9207" // warning: an archive holds the same entry name twice (every copy is visited)
	CodeUnsafePath   = "KP9208" // warning: an entry name is absolute or climbs out with ".." (skipped)
	CodeBadEntry     = "KP9209" // error: an entry could not be inflated (corrupt data, checksum)
	CodeSpilled      = "KP9211" // info: a compressed nested jar over Limits.MaxHeldBytes was inflated to a temporary file
	// CodeClassUnreadable is for the caller: a class entry that classfile.Parse rejects (the code
	// scanner/bytecode.go already uses).
	CodeClassUnreadable = "KP9210"
)

// ErrSkipArchive, returned by the visit function for a KindArchive entry, skips that archive's
// contents (its classes and nested jars); the walk goes on with the next sibling.
var ErrSkipArchive = errors.New("skip this archive")

// Kind says what an entry is.
type Kind uint8

// Entry kinds.
const (
	KindArchive Kind = iota + 1 // an archive (the input itself or a nested jar) before its contents; Data is nil
	KindClass                   // a .class file; Data holds its bytes
	KindService                 // META-INF/services/<interface>; Data holds the file
	KindNative                  // a native library (.so, .dll, .dylib, .jnilib); Data is nil
)

func (k Kind) String() string {
	switch k {
	case KindArchive:
		return "archive"
	case KindClass:
		return "class"
	case KindService:
		return "service"
	case KindNative:
		return "native"
	}
	return "unknown"
}

// Layout is the packaging format of an archive, recognised from its entries.
type Layout uint8

// Layouts.
const (
	LayoutPlain  Layout = iota + 1 // a plain jar (or a zip of classes)
	LayoutDir                      // a directory of classes and jars (an exploded fat jar or ark-biz jar gets that layout instead)
	LayoutBoot                     // a Spring Boot fat jar (BOOT-INF/)
	LayoutWar                      // a war (WEB-INF/)
	LayoutEar                      // an ear (nested .war/.jar modules, lib/)
	LayoutBiz                      // an ark-biz jar (com/alipay/sofa/ark/biz/mark)
	LayoutPlugin                   // an ark plugin (com/alipay/sofa/ark/plugin/mark)
	LayoutJmod                     // a JDK jmod (classes/ after a 4-byte "JM" header)
)

func (l Layout) String() string {
	return [...]string{"?", "jar", "dir", "spring-boot", "war", "ear", "ark-biz", "ark-plugin", "jmod"}[min(int(l), 8)]
}

// Role says where code sits in a deployment, so the scanner can decide whether it is shared
// with every module (base side) or private to one module.
type Role uint8

// Roles.
const (
	RolePlain      Role = iota + 1 // a plain jar, directory or jmod given as input, or nested in one
	RoleBootLoader                 // Spring Boot loader classes at a fat jar's root
	RoleBootApp                    // BOOT-INF/classes of a fat jar: the application's own classes
	RoleBootLib                    // a jar in BOOT-INF/lib of a fat jar, or its classes
	RoleWebApp                     // WEB-INF/classes of a war
	RoleWebLib                     // a jar in WEB-INF/lib (or lib-provided) of a war, or its classes
	RoleEarLib                     // a jar in lib/ of an ear, or its classes
	RoleBizRoot                    // the classes at the root of an ark-biz jar: module-private
	RoleBizLib                     // a jar in lib/ of an ark-biz jar, or its classes: module-private
	RolePlugin                     // an ark plugin's own classes: base-shared
	RolePluginLib                  // a jar in lib/ of an ark plugin, or its classes: base-shared
)

var roleNames = [...]string{"?", "plain", "boot-loader", "boot-app", "boot-lib", "web-app", "web-lib",
	"ear-lib", "biz-root", "biz-lib", "plugin", "plugin-lib"}

func (r Role) String() string {
	if int(r) < len(roleNames) {
		return roleNames[r]
	}
	return "?"
}

// Artifact is the Maven identity of an archive. Source says where it was read:
// "pom.properties", "manifest", "filename" (or "" when nothing was found).
type Artifact struct {
	GroupID    string
	ArtifactID string
	Version    string
	Source     string
}

// GAV renders "g:a:v" ("" when nothing is known); missing parts stay empty (":guava:31.1").
func (a Artifact) GAV() string {
	if a.GroupID == "" && a.ArtifactID == "" && a.Version == "" {
		return ""
	}
	return a.GroupID + ":" + a.ArtifactID + ":" + a.Version
}

// GA renders "g:a".
func (a Artifact) GA() string { return a.GroupID + ":" + a.ArtifactID }

// Archive describes one archive of the walk: the input, or a nested jar. The facts are known
// before its contents are visited.
type Archive struct {
	Path     string   // display path: app.jar!/BOOT-INF/lib/x-1.2.jar
	Name     string   // entry name in the parent ("" for the input)
	Parent   *Archive // nil for the input
	Depth    int      // 0 for the input
	Layout   Layout
	Role     Role // the role given by the parent's layout (RolePlain for the input)
	Artifact Artifact
	Manifest map[string]string // main section; see ManifestValue
	// MultiRelease is set for a Multi-Release: true jar (META-INF/versions/N are then honoured).
	MultiRelease bool
	Nested       []string // entry names of nested jars (including ones skipped by limits)
	JDBCDriver   bool     // META-INF/services/java.sql.Driver is present
	Services     []string // service interfaces registered under META-INF/services
	Native       []string // entry names of native libraries
	// Duplicates lists entry names that occur more than once (every copy is visited: the JVM loads
	// the last, other tools read the first).
	Duplicates []string

	dir bool // a directory on disk: members are files, display paths use "/"
}

// ManifestValue returns a main-section manifest attribute, matching the key case-insensitively.
func (a *Archive) ManifestValue(key string) string {
	if v, ok := a.Manifest[key]; ok {
		return v
	}
	for k, v := range a.Manifest {
		if strings.EqualFold(k, key) {
			return v
		}
	}
	return ""
}

// Entry is one visited item.
type Entry struct {
	Kind    Kind
	Path    string // display chain: app.jar!/BOOT-INF/lib/x-1.2.jar!/com/acme/Foo.class
	Name    string // logical name: com/acme/Foo.class (layout prefix and META-INF/versions/N/ removed)
	Data    []byte // valid only during the visit call
	Archive *Archive
	Role    Role
	Release int // N for META-INF/versions/N entries of a multi-release jar, 0 otherwise
}

// Limits bound the work on hostile input. Zero fields take the DefaultLimits value.
type Limits struct {
	MaxEntries    int   // entries per archive
	MaxEntryBytes int64 // inflated size of one read entry (classes, nested jars, service files)
	MaxTotalBytes int64 // inflated bytes read in one Walk
	MaxRatio      int64 // inflated/compressed ratio, checked for entries over 1 MiB inflated
	MaxDepth      int   // nesting depth of jars in jars (the input is depth 0)
	// MaxHeldBytes bounds the memory the nested jars of one walk hold at once. A stored nested
	// jar is read in place from its parent (no copy); a compressed one is inflated into memory
	// while the jars held along its chain stay within MaxHeldBytes, and into an unlinked
	// temporary file otherwise (notice CodeSpilled). The memory of one walk is then at most
	// MaxHeldBytes plus one entry buffer (MaxEntryBytes) and its compressed bytes.
	MaxHeldBytes int64
}

// DefaultLimits are generous for real applications and stop zip bombs.
var DefaultLimits = Limits{
	MaxEntries:    200_000,
	MaxEntryBytes: 256 << 20,
	MaxTotalBytes: 4 << 30,
	MaxRatio:      200,
	MaxDepth:      4,
	MaxHeldBytes:  64 << 20,
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	if l.MaxEntries > 0 {
		d.MaxEntries = l.MaxEntries
	}
	if l.MaxEntryBytes > 0 {
		d.MaxEntryBytes = l.MaxEntryBytes
	}
	if l.MaxTotalBytes > 0 {
		d.MaxTotalBytes = l.MaxTotalBytes
	}
	if l.MaxRatio > 0 {
		d.MaxRatio = l.MaxRatio
	}
	if l.MaxDepth > 0 {
		d.MaxDepth = l.MaxDepth
	}
	if l.MaxHeldBytes > 0 {
		d.MaxHeldBytes = l.MaxHeldBytes
	}
	return d
}

// DefaultRelease is the Java release multi-release jars are read for when Options.Release is 0.
const DefaultRelease = 17

// Options configure a walk.
type Options struct {
	Limits Limits
	// Release picks, in a multi-release jar, for every class the META-INF/versions/N copy with the
	// highest N <= Release (or the base copy). 0 means DefaultRelease; AllReleases visits every copy.
	Release     int
	AllReleases bool
	// Notice receives every limit breach and unreadable part; nil drops them.
	Notice func(reports.Notice)
}
