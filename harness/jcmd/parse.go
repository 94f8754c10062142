package jcmd

import (
	"bufio"
	"regexp"
	"strconv"
	"strings"
)

// ThreadInfo is one Java thread of a Thread.print dump.
type ThreadInfo struct {
	ID     string // "#17"
	Name   string
	Daemon bool
	State  string
	Frames []string // "kompat.modules.x.Main.poll(Main.java:13)", top first
}

// Key identifies a thread across dumps (thread ids are never reused within a JVM).
func (t ThreadInfo) Key() string { return t.ID + " " + t.Name }

// TopFrames renders the first n frames.
func (t ThreadInfo) TopFrames(n int) string {
	f := t.Frames
	if len(f) > n {
		f = f[:n]
	}
	return strings.Join(f, " <- ")
}

var threadHeader = regexp.MustCompile(`^"(.*)" (#\d+)(.*)$`)

// ParseThreadDump reads the Java threads of a Thread.print output (VM-internal threads, which
// have no #id, are skipped).
func ParseThreadDump(out string) []ThreadInfo {
	var res []ThreadInfo
	var cur *ThreadInfo
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		line := sc.Text()
		if m := threadHeader.FindStringSubmatch(line); m != nil {
			res = append(res, ThreadInfo{ID: m[2], Name: m[1], Daemon: strings.Contains(m[3], " daemon ")})
			cur = &res[len(res)-1]
			continue
		}
		if cur == nil {
			continue
		}
		t := strings.TrimSpace(line)
		switch {
		case t == "":
			cur = nil
		case strings.HasPrefix(t, "java.lang.Thread.State: "):
			cur.State = strings.TrimPrefix(t, "java.lang.Thread.State: ")
		case strings.HasPrefix(t, "at "):
			cur.Frames = append(cur.Frames, stripModuleVersion(strings.TrimPrefix(t, "at ")))
		}
	}
	return res
}

// stripModuleVersion turns "java.lang.Thread.sleep(java.base@17.0.15/Native Method)" into
// "java.lang.Thread.sleep(Native Method)" so frames compare across JDK builds.
func stripModuleVersion(f string) string {
	if i := strings.IndexByte(f, '('); i >= 0 {
		if j := strings.IndexByte(f[i:], '/'); j >= 0 && strings.Contains(f[i:i+j], "@") {
			return f[:i+1] + f[i+j+1:]
		}
	}
	return f
}

// ParseHistogram reads GC.class_histogram into class name -> live instances.
func ParseHistogram(out string) map[string]int64 {
	res := map[string]int64{}
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasSuffix(f[0], ":") {
			continue
		}
		n, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil {
			continue
		}
		res[f[3]] += n
	}
	return res
}

// ParseHistogramCopies reads GC.class_histogram into class name -> how many classes of that name
// have live instances. The histogram has one line per class, so two loaders that each define a
// class of the same name and keep an instance of it alive give two lines: a lower bound on the
// live loaders of a module, without VM.classloaders.
func ParseHistogramCopies(out string) map[string]int {
	res := map[string]int{}
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasSuffix(f[0], ":") {
			continue
		}
		if _, err := strconv.ParseInt(f[1], 10, 64); err == nil {
			res[f[3]]++
		}
	}
	return res
}

// UnknownCommand reports whether jcmd answered that the JVM has no such diagnostic command. The
// VM throws IllegalArgumentException("Unknown diagnostic command") and prints it as the output;
// JDK 8 does so with a success status (its jcmd exits 0, after the "<pid>:" line), later JDKs
// with a failure status, so the output or the error text has to be read, whatever the status.
func UnknownCommand(out string, err error) bool {
	const text = "IllegalArgumentException: Unknown diagnostic command"
	return strings.Contains(out, text) || (err != nil && strings.Contains(err.Error(), text))
}

// LoaderInfo is one class loader of a VM.classloaders show-classes listing.
type LoaderInfo struct {
	Name    string // the loader's name, "" when unnamed
	Class   string
	Classes []string
}

// ParseClassLoaders reads `VM.classloaders show-classes` and returns the loaders of the given class.
func ParseClassLoaders(out, loaderClass string) []LoaderInfo {
	var res []LoaderInfo
	var cur *LoaderInfo
	inClasses := false
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		line := sc.Text()
		if i := strings.Index(line, "+-- "); i >= 0 {
			desc := strings.TrimSpace(line[i+4:])
			if j := strings.Index(desc, " {"); j >= 0 {
				desc = desc[:j]
			}
			name, class := "", desc
			if strings.HasPrefix(desc, `"`) {
				if k := strings.Index(desc[1:], `", `); k >= 0 {
					name, class = desc[1:k+1], desc[k+4:]
				}
			}
			class = strings.TrimSpace(class)
			cur, inClasses = nil, false
			if class == loaderClass {
				res = append(res, LoaderInfo{Name: name, Class: class})
				cur = &res[len(res)-1]
			}
			continue
		}
		if cur == nil {
			continue
		}
		t := strings.TrimSpace(strings.TrimLeft(line, " |"))
		switch {
		case t == "":
			inClasses = false
		case strings.HasPrefix(t, "Classes:"), strings.HasPrefix(t, "Hidden Classes:"):
			inClasses = true
			t = strings.TrimSpace(t[strings.IndexByte(t, ':')+1:])
			if t != "" && !strings.HasPrefix(t, "(") {
				cur.Classes = append(cur.Classes, t)
			}
		case inClasses && !strings.HasPrefix(t, "("):
			cur.Classes = append(cur.Classes, strings.Fields(t)[0])
		}
	}
	return res
}

// ParseSystemProperties reads VM.system_properties into a map.
func ParseSystemProperties(out string) map[string]string {
	res := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := cutUnescaped(line)
		if !ok {
			continue
		}
		res[unescapeProp(k)] = unescapeProp(v)
	}
	return res
}

func cutUnescaped(s string) (string, string, bool) {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '=':
			return s[:i], s[i+1:], true
		}
	}
	return "", "", false
}

func unescapeProp(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			switch s[i] {
			case 'n':
				sb.WriteByte('\n')
			case 't':
				sb.WriteByte('\t')
			case 'r':
				sb.WriteByte('\r')
			default:
				sb.WriteByte(s[i])
			}
			continue
		}
		sb.WriteByte(s[i])
	}
	return sb.String()
}

// LoaderStats is one class loader of a VM.classloader_stats listing.
type LoaderStats struct {
	Type    string // the loader's class, "<boot class loader>" for the boot loader
	Classes int    // classes it defines, hidden (and unsafe anonymous) classes included
}

// ParseClassLoaderStats reads VM.classloader_stats; ok is false when the output holds no loader
// table (an unknown command, an error).
func ParseClassLoaderStats(out string) (stats []LoaderStats, ok bool) {
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) >= 7 && strings.HasPrefix(f[0], "0x"):
			n, err := strconv.Atoi(f[3])
			if err != nil {
				continue
			}
			stats = append(stats, LoaderStats{Type: strings.Join(f[6:], " "), Classes: n})
		case len(f) >= 4 && f[len(f)-1] == "classes" && f[len(f)-3] == "+" && len(stats) > 0:
			// "    12   384   211   + hidden classes": the loader of the line above.
			if n, err := strconv.Atoi(f[0]); err == nil {
				stats[len(stats)-1].Classes += n
			}
		case len(f) >= 3 && f[0] == "Total" && f[1] == "=":
			ok = true
		}
	}
	return stats, ok && len(stats) > 0
}
