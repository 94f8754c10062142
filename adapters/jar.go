package adapters

import (
	"archive/zip"
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/kompat/kompat/reports"
)

// Limits for reading archives in memory; nothing is ever extracted to disk. Variables so that
// tests can lower them.
var (
	maxNestedJar   = 256 << 20 // a nested jar larger than this is skipped
	maxTotalNested = 2 << 30   // bytes of nested jars read per input
	maxSmallFile   = 1 << 20   // pom.properties and MANIFEST.MF
	maxEntries     = 500_000   // entries per archive
)

const bizMark = "com/alipay/sofa/ark/biz/mark"

// libDirs are the folders whose jars are the archive's libraries, with the scope they imply.
var libDirs = []struct{ prefix, scope string }{
	{"BOOT-INF/lib/", ""},
	{"WEB-INF/lib-provided/", "provided"},
	{"WEB-INF/lib/", ""},
	{"lib/", ""},
}

func loadJar(inv *Inventory, p string) {
	display := filepath.ToSlash(p)
	f, err := os.Open(p)
	if err != nil {
		inv.notice(NoticeUnreadable, reports.NoticeError, display, "read input: %v", unwrapPath(err))
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		inv.notice(NoticeUnreadable, reports.NoticeError, display, "read input: %v", unwrapPath(err))
		return
	}
	zr, err := zip.NewReader(f, fi.Size())
	if err != nil {
		inv.notice(NoticeCorruptJar, reports.NoticeError, display, "open jar: %v", err)
		return
	}
	inv.Files++
	inv.Bytes += fi.Size()
	inv.Kinds = append(inv.Kinds, "jar")
	inv.Resolved = true
	readArchive(inv, display, zr)
}

func readArchive(inv *Inventory, display string, zr *zip.Reader) {
	if len(zr.File) > maxEntries {
		inv.notice(NoticeSkippedEntry, reports.NoticeError, display, "jar has %d entries, over the limit of %d", len(zr.File), maxEntries)
		return
	}
	info := &JarInfo{Manifest: map[string]string{}}
	inv.Jar = info
	for _, zf := range zr.File {
		switch {
		case zf.Name == bizMark:
			info.Mark = true
		case strings.HasPrefix(zf.Name, "BOOT-INF/"):
			info.BootInf = true
		case zf.Name == "META-INF/MANIFEST.MF":
			if data, err := readSmall(zf); err == nil {
				info.Manifest = parseManifest(data)
			} else {
				inv.notice(NoticeCorruptJar, reports.NoticeError, display+"!/"+zf.Name, "read manifest: %v", err)
			}
		}
	}
	switch {
	case info.Mark || info.Manifest["Ark-Biz-Name"] != "":
		info.Layout = "ark-biz"
	case info.BootInf:
		info.Layout = "spring-boot"
	case hasPrefix(zr, "WEB-INF/"):
		info.Layout = "war"
	default:
		info.Layout = "jar"
	}
	classPrefix := map[string]string{"spring-boot": "BOOT-INF/classes/", "war": "WEB-INF/classes/"}[info.Layout]
	inv.Classes = map[string]uint32{}
	inv.ClassesPath = display + "!/" + classPrefix
	budget := int64(maxTotalNested)
	var byName []string
	for _, zf := range zr.File {
		name := zf.Name
		if lib, scope, ok := libraryEntry(name, info.Layout); ok {
			a, skipped := readNested(inv, display, zf, &budget)
			if skipped {
				continue
			}
			a.Scope = scope
			if a.GroupID == "" {
				byName = append(byName, path.Base(lib))
			}
			inv.Artifacts = append(inv.Artifacts, a)
			continue
		}
		if !strings.HasSuffix(name, ".class") {
			continue
		}
		switch info.Layout {
		case "spring-boot", "war":
			if strings.HasPrefix(name, classPrefix) {
				addClass(inv.Classes, strings.TrimPrefix(name, classPrefix), zf.CRC32)
			}
		default:
			if !strings.HasPrefix(name, "lib/") && !strings.HasPrefix(name, "BOOT-INF/") {
				addClass(inv.Classes, name, zf.CRC32)
			}
		}
	}
	if info.Layout == "jar" {
		// A plain (possibly shaded) jar: its own pom.properties say what it is and what it bundles.
		for _, gav := range pomProperties(inv, display, zr) {
			gav.Path = display
			inv.Artifacts = append(inv.Artifacts, gav)
		}
	}
	if len(byName) > 0 {
		inv.notice(NoticeNameIdentity, reports.NoticeInfo, display,
			"%d nested jar(s) have no META-INF/maven pom.properties; their groupId is unknown, so adapters cannot match them: %s",
			len(byName), strings.Join(firstN(byName, 5), ", "))
	}
}

func hasPrefix(zr *zip.Reader, prefix string) bool {
	for _, zf := range zr.File {
		if strings.HasPrefix(zf.Name, prefix) {
			return true
		}
	}
	return false
}

// libraryEntry reports whether an entry is a library jar of the layout, and the scope it implies.
func libraryEntry(name, layout string) (string, string, bool) {
	if !strings.HasSuffix(strings.ToLower(name), ".jar") {
		return "", "", false
	}
	for _, d := range libDirs {
		if !strings.HasPrefix(name, d.prefix) {
			continue
		}
		switch {
		case d.prefix == "lib/" && layout != "ark-biz":
			continue
		case d.prefix == "BOOT-INF/lib/" && layout == "war":
			continue
		}
		return name, d.scope, true
	}
	return "", "", false
}

// readNested reads one library jar into memory and returns its identity and classes.
func readNested(inv *Inventory, display string, zf *zip.File, budget *int64) (Artifact, bool) {
	where := display + "!/" + zf.Name
	a := Artifact{Path: where, Size: int64(zf.UncompressedSize64)}
	if zf.UncompressedSize64 > uint64(maxNestedJar) || int64(zf.UncompressedSize64) > *budget {
		inv.notice(NoticeSkippedEntry, reports.NoticeWarning, where, "nested jar of %d bytes skipped (limit %d per jar, %d per input)", zf.UncompressedSize64, maxNestedJar, maxTotalNested)
		return a, true
	}
	rc, err := zf.Open()
	if err != nil {
		inv.notice(NoticeCorruptJar, reports.NoticeError, where, "open nested jar: %v", err)
		return a, true
	}
	data, err := io.ReadAll(io.LimitReader(rc, int64(maxNestedJar)+1))
	rc.Close()
	if err != nil {
		inv.notice(NoticeCorruptJar, reports.NoticeError, where, "read nested jar: %v", err)
		return a, true
	}
	if len(data) > maxNestedJar {
		inv.notice(NoticeSkippedEntry, reports.NoticeWarning, where, "nested jar over %d bytes skipped", maxNestedJar)
		return a, true
	}
	*budget -= int64(len(data))
	a.Size = int64(len(data))
	nz, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		inv.notice(NoticeCorruptJar, reports.NoticeError, where, "open nested jar: %v", err)
		return a, true
	}
	if len(nz.File) > maxEntries {
		inv.notice(NoticeSkippedEntry, reports.NoticeWarning, where, "nested jar has %d entries, over the limit of %d", len(nz.File), maxEntries)
		return a, true
	}
	a.Classes = map[string]uint32{}
	for _, f := range nz.File {
		if strings.HasSuffix(f.Name, ".class") {
			addClass(a.Classes, f.Name, f.CRC32)
		}
	}
	base := path.Base(zf.Name)
	props := pomProperties(inv, where, nz)
	id, ok := pickIdentity(props, base)
	if !ok {
		id = identityFromName(base)
	}
	a.GroupID, a.ArtifactID, a.Version, a.Classifier = id.GroupID, id.ArtifactID, id.Version, id.Classifier
	return a, false
}

// pickIdentity chooses the jar's own pom.properties among those a shaded jar may carry: the one
// whose artifactId-version starts the file name, else the only one.
func pickIdentity(props []Artifact, file string) (Artifact, bool) {
	for _, p := range props {
		if strings.HasPrefix(file, p.ArtifactID+"-"+p.Version) {
			rest := strings.TrimSuffix(strings.TrimPrefix(file, p.ArtifactID+"-"+p.Version), ".jar")
			p.Classifier = strings.TrimPrefix(rest, "-")
			return p, true
		}
	}
	if len(props) == 1 {
		return props[0], true
	}
	return Artifact{}, false
}

var nameVersion = regexp.MustCompile(`^(.+?)-(\d[^-]*(?:-(?:SNAPSHOT|RELEASE|Final|GA|alpha\d*|beta\d*|rc\d*|M\d+|RC\d*))?)(?:-(.+))?\.jar$`)

// identityFromName guesses artifactId and version from "artifactId-version[-classifier].jar".
func identityFromName(file string) Artifact {
	if m := nameVersion.FindStringSubmatch(file); m != nil {
		return Artifact{ArtifactID: m[1], Version: m[2], Classifier: m[3]}
	}
	return Artifact{ArtifactID: strings.TrimSuffix(file, ".jar")}
}

// pomProperties reads every META-INF/maven/*/*/pom.properties of an archive.
func pomProperties(inv *Inventory, where string, zr *zip.Reader) []Artifact {
	var out []Artifact
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, "META-INF/maven/") || !strings.HasSuffix(f.Name, "/pom.properties") {
			continue
		}
		data, err := readSmall(f)
		if err != nil {
			inv.notice(NoticeCorruptJar, reports.NoticeWarning, where+"!/"+f.Name, "read pom.properties: %v", err)
			continue
		}
		p := parseProperties(data)
		if p["groupId"] != "" && p["artifactId"] != "" {
			out = append(out, Artifact{GroupID: p["groupId"], ArtifactID: p["artifactId"], Version: p["version"]})
		}
	}
	return out
}

func readSmall(f *zip.File) ([]byte, error) {
	if f.UncompressedSize64 > uint64(maxSmallFile) {
		return nil, fmt.Errorf("%s is %d bytes, over the limit of %d", f.Name, f.UncompressedSize64, maxSmallFile)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, int64(maxSmallFile)+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxSmallFile {
		return nil, fmt.Errorf("%s is over the limit of %d bytes", f.Name, maxSmallFile)
	}
	return data, nil
}

// parseProperties reads the simple key=value form Maven writes into pom.properties.
func parseProperties(data []byte) map[string]string {
	out := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' || line[0] == '!' {
			continue
		}
		i := strings.IndexAny(line, "=:")
		if i < 0 {
			continue
		}
		out[strings.TrimSpace(line[:i])] = strings.TrimSpace(line[i+1:])
	}
	return out
}

// parseManifest reads the main section of a MANIFEST.MF, joining continuation lines.
func parseManifest(data []byte) map[string]string {
	out := map[string]string{}
	var key string
	for _, line := range strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n") {
		if line == "" {
			break // end of the main section
		}
		if line[0] == ' ' {
			if key != "" {
				out[key] += line[1:]
			}
			continue
		}
		i := strings.Index(line, ": ")
		if i < 0 {
			key = ""
			continue
		}
		key = line[:i]
		out[key] = line[i+2:]
	}
	return out
}

// addClass records a class entry under its FQN; multi-release copies count once.
func addClass(m map[string]uint32, name string, crc uint32) {
	if strings.HasPrefix(name, "META-INF/versions/") {
		rest := strings.TrimPrefix(name, "META-INF/versions/")
		if i := strings.IndexByte(rest, '/'); i >= 0 {
			name = rest[i+1:]
		}
	}
	name = strings.TrimSuffix(name, ".class")
	if strings.HasSuffix(name, "module-info") || strings.HasSuffix(name, "package-info") {
		return
	}
	fqcn := strings.ReplaceAll(name, "/", ".")
	if _, ok := m[fqcn]; !ok {
		m[fqcn] = crc
	}
}

func firstN(list []string, n int) []string {
	if len(list) > n {
		return append(append([]string{}, list[:n]...), fmt.Sprintf("... (%d more)", len(list)-n))
	}
	return list
}
