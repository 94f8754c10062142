package archive

import (
	"bufio"
	"bytes"
	"path"
	"sort"
	"strings"
)

// parseManifest reads the main section of a MANIFEST.MF (72-byte lines with leading-space
// continuations).
func parseManifest(data []byte) map[string]string {
	m := make(map[string]string)
	var key string
	var val strings.Builder
	flush := func() {
		if key != "" {
			m[key] = strings.TrimSpace(val.String())
		}
		key = ""
		val.Reset()
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if line == "" {
			break // end of the main section
		}
		if line[0] == ' ' {
			if key != "" {
				val.WriteString(line[1:])
			}
			continue
		}
		flush()
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		key = strings.TrimSpace(k)
		val.WriteString(strings.TrimPrefix(v, " "))
	}
	flush()
	return m
}

// parseProperties reads a Java .properties file well enough for pom.properties.
func parseProperties(data []byte) map[string]string {
	m := make(map[string]string)
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' || line[0] == '!' {
			continue
		}
		i := strings.IndexAny(line, "=:")
		if i < 0 {
			continue
		}
		m[strings.TrimSpace(line[:i])] = strings.TrimSpace(line[i+1:])
	}
	return m
}

// isPomProperties reports whether name is META-INF/maven/<g>/<a>/pom.properties.
func isPomProperties(name string) bool {
	if !strings.HasPrefix(name, "META-INF/maven/") || !strings.HasSuffix(name, "/pom.properties") {
		return false
	}
	return strings.Count(name, "/") == 4
}

// fromFileName derives artifactId and version from a jar name: guava-31.1-jre.jar gives
// guava / 31.1-jre (the version starts at the first "-" followed by a digit).
func fromFileName(name string) Artifact {
	base := path.Base(name)
	for _, ext := range []string{".jar", ".war", ".ear", ".jmod", ".zip"} {
		base = strings.TrimSuffix(base, ext)
	}
	a := Artifact{ArtifactID: base, Source: "filename"}
	for i := 0; i+1 < len(base); i++ {
		if base[i] == '-' && base[i+1] >= '0' && base[i+1] <= '9' {
			a.ArtifactID, a.Version = base[:i], base[i+1:]
			break
		}
	}
	if a.ArtifactID == "" {
		return Artifact{}
	}
	return a
}

// identify picks the artifact identity: pom.properties (the one matching the file name when a
// shaded jar holds several), then the manifest, then the file name.
func identify(fileName string, poms []map[string]string, mf map[string]string) Artifact {
	byName := fromFileName(fileName)
	if len(poms) > 0 {
		sort.SliceStable(poms, func(i, j int) bool { return poms[i]["artifactId"] < poms[j]["artifactId"] })
		pick := -1
		if len(poms) == 1 {
			pick = 0
		} else {
			for i, p := range poms {
				if p["artifactId"] != "" && p["artifactId"] == byName.ArtifactID {
					pick = i
					break
				}
			}
		}
		if pick >= 0 && poms[pick]["artifactId"] != "" {
			p := poms[pick]
			return Artifact{GroupID: p["groupId"], ArtifactID: p["artifactId"], Version: p["version"], Source: "pom.properties"}
		}
	}
	get := func(k string) string {
		for mk, v := range mf {
			if strings.EqualFold(mk, k) {
				return v
			}
		}
		return ""
	}
	a := Artifact{GroupID: get("Implementation-Vendor-Id"), Version: get("Implementation-Version"), Source: "manifest"}
	if bsn := get("Bundle-SymbolicName"); bsn != "" {
		a.ArtifactID, _, _ = strings.Cut(bsn, ";")
		a.ArtifactID = strings.TrimSpace(a.ArtifactID)
	} else if t := get("Implementation-Title"); t != "" && !strings.ContainsAny(t, " \t") {
		a.ArtifactID = t
	} else if amn := get("Automatic-Module-Name"); amn != "" {
		a.ArtifactID = amn
	}
	if a.Version == "" {
		a.Version = get("Bundle-Version")
	}
	if a.ArtifactID != "" && a.Version != "" {
		return a
	}
	if len(poms) > 0 && poms[0]["artifactId"] != "" {
		p := poms[0]
		return Artifact{GroupID: p["groupId"], ArtifactID: p["artifactId"], Version: p["version"], Source: "pom.properties"}
	}
	if byName.ArtifactID != "" {
		if a.Version != "" && byName.Version == "" {
			byName.Version = a.Version
		}
		return byName
	}
	if a.ArtifactID != "" || a.Version != "" {
		return a
	}
	return Artifact{}
}
