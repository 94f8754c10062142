package image

import (
	"archive/zip"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// SpringBootModules are the JDK modules a Spring Boot (Koupleless) base needs on top of
// java.base: java.beans (java.desktop) for bean introspection, java.instrument for Tomcat and
// agents, JNDI (java.naming), JDBC (java.sql), JMX (java.management, jdk.management), sun.misc
// (jdk.unsupported), XML parsers, logging, java.net.http, Kerberos/SASL that Tomcat and HTTP
// clients link, the zip file system for nested jars, and jdk.attach plus jdk.jcmd for the probes.
var SpringBootModules = []string{"java.base", "java.desktop", "java.instrument", "java.logging", "java.management",
	"java.naming", "java.net.http", "java.prefs", "java.rmi", "java.scripting", "java.security.jgss", "java.security.sasl",
	"java.sql", "java.transaction.xa", "java.xml", "jdk.attach", "jdk.crypto.ec", "jdk.httpserver", "jdk.jcmd",
	"jdk.management", "jdk.naming.dns", "jdk.unsupported", "jdk.zipfs"}

// Plan is what `image build --for BASE.jar` (and the container runtime, for a base without an
// image) builds for a base jar.
type Plan struct {
	Kind    string   // "spring-boot" for a Spring Boot fat jar (BOOT-INF/), else "refbase"
	Tag     string   // DefaultTag for the reference base, kompat/base-<jar name>:local otherwise
	Modules []string // the jlink runtime's JDK modules
	// Koupleless says whether BOOT-INF/lib holds koupleless-base-starter or arklet-core.
	Koupleless bool
}

var tagUnsafe = regexp.MustCompile(`[^a-z0-9._-]+`)

// PlanFor reads a base jar and says which image it needs: a Spring Boot fat jar (entries under
// BOOT-INF/) gets SpringBootModules under a tag of its own; any other jar is treated as the
// reference base (Modules, DefaultTag).
func PlanFor(jar string) (Plan, error) {
	zr, err := zip.OpenReader(jar)
	if err != nil {
		return Plan{}, fmt.Errorf("read base jar %s: %w", jar, err)
	}
	defer zr.Close()
	boot := false
	p := Plan{}
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "BOOT-INF/") {
			boot = true
		}
		if lib, ok := strings.CutPrefix(f.Name, "BOOT-INF/lib/"); ok &&
			(strings.HasPrefix(lib, "koupleless-base-starter") || strings.HasPrefix(lib, "arklet-core")) {
			p.Koupleless = true
		}
	}
	if !boot {
		return Plan{Kind: "refbase", Tag: DefaultTag, Modules: Modules}, nil
	}
	name := strings.TrimSuffix(strings.ToLower(filepath.Base(jar)), ".jar")
	name = strings.Trim(tagUnsafe.ReplaceAllString(name, "-"), "-._")
	if name == "" {
		name = "springboot"
	}
	if len(name) > 100 {
		name = name[:100]
	}
	mods := slices.Clone(SpringBootModules)
	sort.Strings(mods)
	p.Kind, p.Tag, p.Modules = "spring-boot", "kompat/base-"+name+":local", mods
	return p, nil
}
