package javasrc

import (
	_ "embed"
	"strings"
	"sync"
)

//go:embed jdktypes.txt
var jdkTypesText string

var (
	jdkOnce   sync.Once
	jdkPkgs   map[string]map[string]bool // package -> simple names
	jdkTypes  map[string]bool            // FQN -> true
	jdkMaxLen int                        // the longest FQN in jdkTypes
)

func loadJDK() {
	jdkOnce.Do(func() {
		jdkPkgs = map[string]map[string]bool{}
		jdkTypes = map[string]bool{}
		for _, line := range strings.Split(jdkTypesText, "\n") {
			fields := strings.Fields(line)
			if len(fields) < 2 {
				continue
			}
			set := map[string]bool{}
			for _, n := range fields[1:] {
				set[n] = true
				jdkTypes[fields[0]+"."+n] = true
				jdkMaxLen = max(jdkMaxLen, len(fields[0])+1+len(n))
			}
			jdkPkgs[fields[0]] = set
		}
	})
}

// IsJDKType reports whether fqn is a top-level type of a java.* or javax.* package.
func IsJDKType(fqn string) bool {
	loadJDK()
	return jdkTypes[fqn]
}

// scopeNames resolves simple type names for one compilation unit, following JLS order as far as
// a single file allows: types declared in the file, single-type imports, java.lang and JDK
// on-demand imports, then the file's own package.
type scopeNames struct {
	pkg          string
	single       map[string]string // simple -> FQN (canonical; nested JDK types use $)
	onDemand     []string          // packages or types imported with .*
	staticSingle map[string]string // member name -> owner FQN
	staticDemand []string          // owners imported with static .*
	local        map[string]string // simple name of a type declared in this file -> binary name
}

func newScopeNames() *scopeNames {
	loadJDK()
	return &scopeNames{single: map[string]string{}, staticSingle: map[string]string{}, local: map[string]string{}}
}

// addImport records an import declaration's text, e.g. "java.util.Map", "java.util.*",
// "static java.lang.System.exit".
func (s *scopeNames) addImport(name string, static, star bool) {
	if static {
		if star {
			s.staticDemand = append(s.staticDemand, s.canonical(name))
			return
		}
		i := strings.LastIndex(name, ".")
		if i > 0 {
			s.staticSingle[name[i+1:]] = s.canonical(name[:i])
		}
		return
	}
	if star {
		s.onDemand = append(s.onDemand, name)
		return
	}
	s.single[simpleOf(name)] = s.canonical(name)
}

// canonical turns a dotted name whose prefix is a JDK type into a binary name:
// java.util.Map.Entry -> java.util.Map$Entry. Only prefixes as long as the longest JDK type name
// are looked up, so a hostile chain of thousands of links costs O(that length), not O(n^2).
func (s *scopeNames) canonical(name string) string {
	for i := 0; i < len(name) && i <= jdkMaxLen; i++ {
		if name[i] != '.' || i == 0 {
			continue
		}
		if prefix := name[:i]; jdkTypes[prefix] {
			return prefix + "$" + strings.ReplaceAll(name[i+1:], ".", "$")
		}
	}
	return name
}

func simpleOf(name string) string {
	if i := strings.LastIndex(name, "."); i >= 0 {
		return name[i+1:]
	}
	return name
}

// resolve turns a type name as written ("Map", "Map.Entry", "java.util.Map") into an FQN.
// ok is false when the name could not be resolved with confidence.
func (s *scopeNames) resolve(written string) (string, bool) {
	if written == "" {
		return "", false
	}
	first, rest := written, ""
	if i := strings.Index(written, "."); i >= 0 {
		first, rest = written[:i], written[i+1:]
	}
	if rest != "" && first[0] >= 'a' && first[0] <= 'z' {
		if _, isLocal := s.local[first]; !isLocal {
			return s.canonical(written), true
		}
	}
	base, ok := s.resolveSimple(first)
	if !ok {
		// A qualified name whose first segment is lower case is a package-qualified name.
		if rest != "" && first != "" && first[0] >= 'a' && first[0] <= 'z' {
			return s.canonical(written), true
		}
		if rest != "" {
			return written, false
		}
		return base, false
	}
	if rest == "" {
		return base, true
	}
	return base + "$" + strings.ReplaceAll(rest, ".", "$"), true
}

func (s *scopeNames) resolveSimple(n string) (string, bool) {
	if fq, ok := s.local[n]; ok {
		return fq, true
	}
	if fq, ok := s.single[n]; ok {
		return fq, true
	}
	if jdkPkgs["java.lang"][n] {
		return "java.lang." + n, true
	}
	for _, p := range s.onDemand {
		if jdkPkgs[p][n] {
			return p + "." + n, true
		}
	}
	if isPrimitive(n) {
		return n, true
	}
	// Same package (or a non-JDK on-demand import we cannot see into).
	if s.pkg != "" && len(s.onDemandNonJDK()) == 0 {
		return s.pkg + "." + n, true
	}
	if s.pkg == "" && len(s.onDemandNonJDK()) == 0 {
		return n, true
	}
	return n, false
}

func (s *scopeNames) onDemandNonJDK() []string {
	var out []string
	for _, p := range s.onDemand {
		if _, ok := jdkPkgs[p]; !ok {
			out = append(out, p)
		}
	}
	return out
}

// staticOwner returns the owner of an unqualified static member brought in by a static import, and
// whether the import is on demand (import static a.B.*) rather than of the member by name.
func (s *scopeNames) staticOwner(member string) (owner string, onDemand bool) {
	if o, ok := s.staticSingle[member]; ok {
		return o, false
	}
	if len(s.staticDemand) == 1 {
		return s.staticDemand[0], true
	}
	return "", false
}

// looksLikeType reports whether a dotted expression such as "java.util.concurrent.Executors" or
// "Executors" names a type rather than a value.
func (s *scopeNames) looksLikeType(dotted string) (string, bool) {
	// The cheap test first: resolving builds a binary name as long as the chain.
	if simple := simpleOf(dotted); simple != "" && simple[0] >= 'A' && simple[0] <= 'Z' {
		if fq, ok := s.resolve(dotted); ok {
			return fq, true
		}
	}
	if len(dotted) <= jdkMaxLen && jdkTypes[dotted] {
		return dotted, true
	}
	return "", false
}

func isPrimitive(n string) bool {
	switch n {
	case "boolean", "byte", "char", "short", "int", "long", "float", "double", "void":
		return true
	}
	return false
}

// returnTypes knows the result types of JDK calls that rules follow through chains such as
// Thread.currentThread().setContextClassLoader(...). Key: Owner#name.
var returnTypes = map[string]string{
	"java.lang.Thread#currentThread":                                  "java.lang.Thread",
	"java.lang.Thread#getContextClassLoader":                          "java.lang.ClassLoader",
	"java.lang.Class#getClassLoader":                                  "java.lang.ClassLoader",
	"java.lang.Object#getClass":                                       "java.lang.Class",
	"java.lang.Runtime#getRuntime":                                    "java.lang.Runtime",
	"java.lang.System#getProperties":                                  "java.util.Properties",
	"java.lang.ClassLoader#getSystemClassLoader":                      "java.lang.ClassLoader",
	"java.lang.ClassLoader#getPlatformClassLoader":                    "java.lang.ClassLoader",
	"java.lang.ClassLoader#getParent":                                 "java.lang.ClassLoader",
	"java.lang.ClassLoader#loadClass":                                 "java.lang.Class",
	"java.lang.Class#forName":                                         "java.lang.Class",
	"java.lang.management.ManagementFactory#getPlatformMBeanServer":   "javax.management.MBeanServer",
	"java.util.concurrent.Executors#newFixedThreadPool":               "java.util.concurrent.ExecutorService",
	"java.util.concurrent.Executors#newCachedThreadPool":              "java.util.concurrent.ExecutorService",
	"java.util.concurrent.Executors#newSingleThreadExecutor":          "java.util.concurrent.ExecutorService",
	"java.util.concurrent.Executors#newWorkStealingPool":              "java.util.concurrent.ExecutorService",
	"java.util.concurrent.Executors#newVirtualThreadPerTaskExecutor":  "java.util.concurrent.ExecutorService",
	"java.util.concurrent.Executors#newScheduledThreadPool":           "java.util.concurrent.ScheduledExecutorService",
	"java.util.concurrent.Executors#newSingleThreadScheduledExecutor": "java.util.concurrent.ScheduledExecutorService",
	"java.util.concurrent.ForkJoinPool#commonPool":                    "java.util.concurrent.ForkJoinPool",
	"java.util.logging.Logger#getLogger":                              "java.util.logging.Logger",
	"java.util.logging.Logger#getGlobal":                              "java.util.logging.Logger",
	"java.util.logging.LogManager#getLogManager":                      "java.util.logging.LogManager",
	"java.util.Collection#stream":                                     "java.util.stream.Stream",
	"java.util.List#stream":                                           "java.util.stream.Stream",
	"java.util.Collection#parallelStream":                             "java.util.stream.Stream",
	"java.util.List#parallelStream":                                   "java.util.stream.Stream",
	"java.util.Map#keySet":                                            "java.util.Set",
	"java.util.Map#values":                                            "java.util.Collection",
	"javax.imageio.spi.IIORegistry#getDefaultInstance":                "javax.imageio.spi.IIORegistry",
	"java.net.URL#openConnection":                                     "java.net.URLConnection",
	"java.lang.Thread#getThreadGroup":                                 "java.lang.ThreadGroup",
	"java.net.URI#create":                                             "java.net.URI",
	"java.net.URI#toURL":                                              "java.net.URL",
	"java.net.URL#toURI":                                              "java.net.URI",
	"java.nio.file.Path#toUri":                                        "java.net.URI",
	"java.io.File#toURI":                                              "java.net.URI",
	"java.lang.management.ManagementFactory#getRuntimeMXBean":         "java.lang.management.RuntimeMXBean",
	"java.lang.management.ManagementFactory#getMemoryMXBean":          "java.lang.management.MemoryMXBean",
	"java.lang.management.ManagementFactory#getThreadMXBean":          "java.lang.management.ThreadMXBean",
}

// fieldTypes knows the types of JDK static fields that calls are made on (System.out.println).
var fieldTypes = map[string]string{
	"java.lang.System#out":    "java.io.PrintStream",
	"java.lang.System#err":    "java.io.PrintStream",
	"java.lang.System#in":     "java.io.InputStream",
	"java.lang.Boolean#TRUE":  "java.lang.Boolean",
	"java.lang.Boolean#FALSE": "java.lang.Boolean",
}
