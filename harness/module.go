package harness

import (
	"archive/zip"
	"bufio"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// bizJar is what the harness needs to know of an ark-biz jar.
type bizJar struct {
	Path      string
	Name      string          // Ark-Biz-Name
	Version   string          // Ark-Biz-Version
	MainClass string          // Start-Class, else Main-Class
	Priority  int             // MANIFEST priority (default 100): batchInstallBiz installs lower first
	Classes   map[string]bool // top-level class names of the classes at the jar root
	// WebContextPath is the MANIFEST web-context-path ("/" when absent, as web-ark-plugin reads it).
	WebContextPath string
	// Web: the module serves HTTP in the base (it declares a web-context-path, or it bundles an
	// embedded web server or Spring's web stack under lib/).
	Web bool
}

// webLib matches the bundled jars that make a module a web module.
var webLib = regexp.MustCompile(`^lib/(tomcat-embed-core|spring-webmvc|spring-webflux|jetty-server|undertow-core)-`)

// Identity is name:version.
func (b *bizJar) Identity() string { return b.Name + ":" + b.Version }

// Owns reports whether a class (nested, lambda or hidden classes included) is one of the module's.
func (b *bizJar) Owns(class string) bool { return b.Classes[outerClass(class)] }

// readBizJar checks that a jar is an ark-biz jar (the com/alipay/sofa/ark/biz/mark entry and the
// MANIFEST attributes) and reads its identity and class names.
func readBizJar(path string) (*bizJar, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, fmt.Errorf("read module %s: %w", path, err)
	}
	defer zr.Close()
	b := &bizJar{Path: path, Classes: map[string]bool{}}
	mark := false
	var mf map[string]string
	for _, f := range zr.File {
		switch {
		case f.Name == "com/alipay/sofa/ark/biz/mark":
			mark = true
		case f.Name == "META-INF/MANIFEST.MF":
			rc, err := f.Open()
			if err != nil {
				return nil, fmt.Errorf("read module %s: manifest: %w", path, err)
			}
			data, err := io.ReadAll(io.LimitReader(rc, 1<<20))
			rc.Close()
			if err != nil {
				return nil, fmt.Errorf("read module %s: manifest: %w", path, err)
			}
			mf = parseManifest(data)
		case webLib.MatchString(f.Name):
			b.Web = true
		case strings.HasSuffix(f.Name, ".class") && !strings.HasPrefix(f.Name, "META-INF/") && !strings.HasPrefix(f.Name, "lib/"):
			b.Classes[outerClass(strings.ReplaceAll(strings.TrimSuffix(f.Name, ".class"), "/", "."))] = true
		}
	}
	if !mark {
		return nil, fmt.Errorf("read module %s: not an ark-biz jar (no com/alipay/sofa/ark/biz/mark entry)", path)
	}
	b.Name, b.Version = mf["Ark-Biz-Name"], mf["Ark-Biz-Version"]
	b.MainClass = mf["Start-Class"]
	if b.MainClass == "" {
		b.MainClass = mf["Main-Class"]
	}
	b.Priority = 100
	b.WebContextPath = "/"
	if p, ok := mf["web-context-path"]; ok {
		b.Web = true
		if p = strings.TrimSpace(p); p != "" {
			b.WebContextPath = p
		}
	}
	if p, err := strconv.Atoi(strings.TrimSpace(mf["priority"])); err == nil {
		b.Priority = p
	}
	if b.Name == "" || b.Version == "" {
		return nil, fmt.Errorf("read module %s: MANIFEST lacks Ark-Biz-Name or Ark-Biz-Version", path)
	}
	return b, nil
}

// parseManifest reads the main section of a JAR manifest: "Key: value" lines, 72-byte lines
// continued by lines that start with one space.
func parseManifest(data []byte) map[string]string {
	out := map[string]string{}
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		l := strings.TrimRight(sc.Text(), "\r")
		if l == "" {
			break // end of the main section
		}
		if strings.HasPrefix(l, " ") && len(lines) > 0 {
			lines[len(lines)-1] += l[1:]
			continue
		}
		lines = append(lines, l)
	}
	for _, l := range lines {
		if k, v, ok := strings.Cut(l, ": "); ok {
			out[k] = v
		}
	}
	return out
}
