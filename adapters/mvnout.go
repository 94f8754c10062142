package adapters

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/kompat/kompat/reports"
)

var (
	logPrefix  = regexp.MustCompile(`^\[(?:INFO|WARNING|WARN|DEBUG)\]\s?`)
	treeBranch = regexp.MustCompile(`^((?:[| ]  )*)[+\\]- (.*)$`)
	idPart     = regexp.MustCompile(`^[A-Za-z0-9_.\-]+$`)
	scopes     = map[string]bool{"compile": true, "provided": true, "runtime": true, "test": true, "system": true, "import": true}
)

// loadMavenOutput reads saved `mvn dependency:list` or `mvn dependency:tree` output. When strict,
// a file without any coordinates is an unrecognized input.
func loadMavenOutput(inv *Inventory, p string, strict bool) {
	display := filepath.ToSlash(p)
	data, err := os.ReadFile(p)
	if err != nil {
		inv.notice(NoticeUnreadable, reports.NoticeError, display, "read input: %v", unwrapPath(err))
		return
	}
	inv.Files++
	inv.Bytes += int64(len(data))
	arts, kind, bad := parseMavenOutput(data)
	if len(arts) == 0 {
		if strict {
			inv.notice(NoticeUnrecognized, reports.NoticeError, display, "not a jar, a pom or saved `mvn dependency:list`/`dependency:tree` output: no Maven coordinates found")
		} else {
			inv.notice(NoticeBadMavenLine, reports.NoticeWarning, display, "no Maven coordinates found in saved Maven output")
		}
		return
	}
	for i := range arts {
		arts[i].Path = display
	}
	inv.Artifacts = append(inv.Artifacts, arts...)
	inv.Kinds = append(inv.Kinds, kind)
	inv.Resolved = true
	if len(bad) > 0 {
		inv.notice(NoticeBadMavenLine, reports.NoticeWarning, display, "%d line(s) look like dependencies but are not groupId:artifactId:type[:classifier]:version:scope coordinates (first at line %d)", len(bad), bad[0])
	}
}

// parseMavenOutput returns the dependencies listed (the project roots of a tree excluded), the kind
// of output, and the numbers of lines that looked like dependencies but did not parse.
func parseMavenOutput(data []byte) ([]Artifact, string, []int) {
	var out []Artifact
	var bad []int
	kind := "dependency-list"
	seen := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(logPrefix.ReplaceAllString(sc.Text(), ""), " \t\r")
		direct := false
		var coord string
		if m := treeBranch.FindStringSubmatch(line); m != nil {
			kind = "dependency-tree"
			coord = m[2]
			direct = m[1] == ""
			if strings.HasPrefix(coord, "(") {
				continue // verbose tree: omitted for duplicate or conflict
			}
		} else if strings.HasPrefix(line, " ") {
			coord = strings.TrimSpace(line)
		} else {
			continue // headers, project roots, reactor banners
		}
		if strings.Count(coord, ":") < 4 {
			continue
		}
		a, ok := parseCoordinate(coord)
		if !ok {
			bad = append(bad, n)
			continue
		}
		a.Line = n
		a.Direct = direct
		k := a.GAV() + ":" + a.Classifier
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, a)
	}
	return out, kind, bad
}

// parseCoordinate reads g:a:type:version:scope or g:a:type:classifier:version:scope, ignoring a
// trailing " -- module name", " (optional)" or an appended file name.
func parseCoordinate(s string) (Artifact, bool) {
	if i := strings.IndexByte(s, ' '); i >= 0 {
		s = s[:i]
	}
	parts := strings.Split(s, ":")
	if len(parts) < 5 {
		return Artifact{}, false
	}
	var a Artifact
	switch {
	case scopes[parts[4]]:
		a = Artifact{GroupID: parts[0], ArtifactID: parts[1], Type: parts[2], Version: parts[3], Scope: parts[4]}
	case len(parts) >= 6 && scopes[parts[5]]:
		a = Artifact{GroupID: parts[0], ArtifactID: parts[1], Type: parts[2], Classifier: parts[3], Version: parts[4], Scope: parts[5]}
	default:
		return Artifact{}, false
	}
	for _, p := range []string{a.GroupID, a.ArtifactID, a.Type, a.Version} {
		if !idPart.MatchString(p) {
			return Artifact{}, false
		}
	}
	if a.Classifier != "" && !idPart.MatchString(a.Classifier) {
		return Artifact{}, false
	}
	return a, true
}

func (a Artifact) String() string {
	return fmt.Sprintf("%s:%s:%s", a.GroupID, a.ArtifactID, a.Version)
}
