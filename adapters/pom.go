package adapters

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/kompat/kompat/reports"
)

const (
	maxPomSize     = 8 << 20
	maxParentDepth = 10
	maxModuleDepth = 5
)

type pomXML struct {
	Parent       *pomParent  `xml:"parent"`
	GroupID      string      `xml:"groupId"`
	ArtifactID   string      `xml:"artifactId"`
	Version      string      `xml:"version"`
	Packaging    string      `xml:"packaging"`
	Properties   pomProps    `xml:"properties"`
	Dependencies []pomDep    `xml:"dependencies>dependency"`
	Managed      []pomDep    `xml:"dependencyManagement>dependencies>dependency"`
	Modules      []string    `xml:"modules>module"`
	Plugins      []pomPlugin `xml:"build>plugins>plugin"`
}

type pomParent struct {
	GroupID      string  `xml:"groupId"`
	ArtifactID   string  `xml:"artifactId"`
	Version      string  `xml:"version"`
	RelativePath *string `xml:"relativePath"`
}

type pomDep struct {
	GroupID    string `xml:"groupId"`
	ArtifactID string `xml:"artifactId"`
	Version    string `xml:"version"`
	Type       string `xml:"type"`
	Classifier string `xml:"classifier"`
	Scope      string `xml:"scope"`
	line       int
}

type pomPlugin struct {
	GroupID    string `xml:"groupId"`
	ArtifactID string `xml:"artifactId"`
	Executions []struct {
		Goals []string `xml:"goals>goal"`
	} `xml:"executions>execution"`
}

// pomProps collects <properties> children in document order.
type pomProps [][2]string

func (p *pomProps) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	for {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			var v string
			if err := d.DecodeElement(&v, &t); err != nil {
				return err
			}
			*p = append(*p, [2]string{t.Name.Local, strings.TrimSpace(v)})
		case xml.EndElement:
			return nil
		}
	}
}

// pomFile is one parsed pom with where it lives.
type pomFile struct {
	path string // display path
	dir  string
	x    pomXML
}

func readPom(p string) (*pomFile, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("read pom: %w", unwrapPath(err))
	}
	if fi.Size() > maxPomSize {
		return nil, fmt.Errorf("pom is %d bytes, over the limit of %d", fi.Size(), maxPomSize)
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("read pom: %w", unwrapPath(err))
	}
	pf := &pomFile{path: filepath.ToSlash(p), dir: filepath.Dir(p)}
	if err := xml.Unmarshal(data, &pf.x); err != nil {
		return nil, fmt.Errorf("parse pom: %w", err)
	}
	if pf.x.ArtifactID == "" {
		return nil, fmt.Errorf("parse pom: no <artifactId> in <project>")
	}
	lines := dependencyLines(data)
	for i := range pf.x.Dependencies {
		d := &pf.x.Dependencies[i]
		d.line = lines[strings.TrimSpace(d.GroupID)+":"+strings.TrimSpace(d.ArtifactID)]
	}
	return pf, nil
}

// dependencyLines maps the raw groupId:artifactId of each project/dependencies/dependency to the
// line of its <dependency> tag.
func dependencyLines(data []byte) map[string]int {
	out := map[string]int{}
	dec := xml.NewDecoder(bytes.NewReader(data))
	var stack []string
	var line int
	var g, a string
	for {
		off := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return out
		}
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, t.Name.Local)
			if len(stack) == 3 && stack[1] == "dependencies" && t.Name.Local == "dependency" {
				line = bytes.Count(data[:off], []byte("\n")) + 1
				g, a = "", ""
			}
		case xml.CharData:
			if len(stack) == 4 && stack[1] == "dependencies" && stack[2] == "dependency" {
				switch stack[3] {
				case "groupId":
					g += strings.TrimSpace(string(t))
				case "artifactId":
					a += strings.TrimSpace(string(t))
				}
			}
		case xml.EndElement:
			if len(stack) == 3 && stack[1] == "dependencies" && t.Name.Local == "dependency" {
				if _, dup := out[g+":"+a]; !dup {
					out[g+":"+a] = line
				}
			}
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
}

// effectivePom is a pom with its in-repository parents: merged properties and dependency management.
type effectivePom struct {
	self     *pomFile
	chain    []*pomFile // self first, then parents found in the repository
	groupID  string
	version  string
	props    map[string]string
	managed  map[string]pomDep // g:a -> managed dependency (child wins)
	boms     map[string]string // groupId -> version of a known BOM or parent outside the repository
	unknownP map[string]bool
}

func loadPom(inv *Inventory, p string, cat *Catalog) {
	seen := map[string]bool{}
	reactor := map[string]bool{}
	var poms []*effectivePom
	collectPoms(inv, p, cat, 0, seen, &poms)
	if len(poms) == 0 {
		return
	}
	inv.Kinds = append(inv.Kinds, "pom")
	for _, ep := range poms {
		reactor[ep.groupID+":"+ep.self.x.ArtifactID] = true
	}
	noVersion := map[string][]string{}
	plugin, goal := cat.BuildPlugin()
	for _, ep := range poms {
		for _, pf := range ep.chain {
			for _, pl := range pf.x.Plugins {
				if ep.interp(pl.GroupID)+":"+ep.interp(pl.ArtifactID) != plugin {
					continue
				}
				for _, ex := range pl.Executions {
					for _, g := range ex.Goals {
						if strings.TrimSpace(g) == goal {
							inv.BuildPlugin = true
						}
					}
				}
			}
		}
		for _, pf := range ep.chain {
			for _, d := range pf.x.Dependencies {
				a := ep.resolve(d)
				if reactor[a.GA()] {
					continue
				}
				a.Path = pf.path
				a.Line = d.line
				a.Direct = true
				if a.Version == "" && a.Scope != "test" {
					noVersion[pf.path] = append(noVersion[pf.path], a.GA())
				}
				inv.declared = append(inv.declared, a)
			}
		}
		var unknown []string
		for k := range ep.unknownP {
			unknown = append(unknown, "${"+k+"}")
		}
		if len(unknown) > 0 {
			sort.Strings(unknown)
			inv.notice(NoticeProperty, reports.NoticeWarning, ep.self.path, "properties not defined in the pom or its parents inside the repository: %s", strings.Join(unknown, ", "))
		}
	}
	for path, gas := range noVersion {
		sort.Strings(gas)
		gas = dedupe(gas)
		inv.notice(NoticeNoVersion, reports.NoticeWarning, path,
			"the version of %d dependency(ies) is managed outside the repository (a BOM or parent not available offline) or uses an undefined property, so adapters cannot be matched for them: %s",
			len(gas), strings.Join(firstN(gas, 8), ", "))
	}
}

func dedupe(s []string) []string {
	out := s[:0]
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// collectPoms reads a pom, its parents and (recursively) its modules.
func collectPoms(inv *Inventory, p string, cat *Catalog, depth int, seen map[string]bool, out *[]*effectivePom) {
	abs, _ := filepath.Abs(p)
	if seen[abs] {
		return
	}
	seen[abs] = true
	pf, err := readPom(p)
	if err != nil {
		inv.notice(NoticeBadPom, reports.NoticeError, filepath.ToSlash(p), "%v", err)
		return
	}
	inv.Files++
	if fi, err := os.Stat(p); err == nil {
		inv.Bytes += fi.Size()
	}
	ep := buildEffective(inv, pf, cat)
	*out = append(*out, ep)
	if depth >= maxModuleDepth {
		return
	}
	for _, m := range pf.x.Modules {
		mp := filepath.Join(pf.dir, filepath.FromSlash(strings.TrimSpace(m)))
		if fi, err := os.Stat(mp); err == nil && fi.IsDir() {
			mp = filepath.Join(mp, "pom.xml")
		}
		collectPoms(inv, mp, cat, depth+1, seen, out)
	}
}

func buildEffective(inv *Inventory, pf *pomFile, cat *Catalog) *effectivePom {
	ep := &effectivePom{self: pf, chain: []*pomFile{pf}, props: map[string]string{}, managed: map[string]pomDep{},
		boms: map[string]string{}, unknownP: map[string]bool{}}
	cur := pf
	for i := 0; i < maxParentDepth && cur.x.Parent != nil; i++ {
		par := cur.x.Parent
		rel := "../pom.xml"
		if par.RelativePath != nil {
			rel = strings.TrimSpace(*par.RelativePath)
		}
		var next *pomFile
		if rel != "" {
			pp := filepath.Join(cur.dir, filepath.FromSlash(rel))
			if fi, err := os.Stat(pp); err == nil && fi.IsDir() {
				pp = filepath.Join(pp, "pom.xml")
			}
			if cand, err := readPom(pp); err == nil {
				g := cand.x.GroupID
				if g == "" && cand.x.Parent != nil {
					g = cand.x.Parent.GroupID
				}
				if cand.x.ArtifactID == strings.TrimSpace(par.ArtifactID) && g == strings.TrimSpace(par.GroupID) {
					next = cand
				}
			}
		}
		if next == nil {
			ga := strings.TrimSpace(par.GroupID) + ":" + strings.TrimSpace(par.ArtifactID)
			if cat.IsBOM(ga) {
				ep.boms[strings.TrimSpace(par.GroupID)] = strings.TrimSpace(par.Version)
			} else {
				inv.notice(NoticeParentMissing, reports.NoticeInfo, pf.path, "parent %s:%s is not inside the repository; the versions and properties it defines are unknown", ga, strings.TrimSpace(par.Version))
			}
			break
		}
		ep.chain = append(ep.chain, next)
		cur = next
	}
	// Identity, inherited from the nearest parent that sets it.
	for _, c := range ep.chain {
		if ep.groupID == "" {
			ep.groupID = strings.TrimSpace(c.x.GroupID)
		}
		if ep.version == "" {
			ep.version = strings.TrimSpace(c.x.Version)
		}
	}
	if pf.x.Parent != nil {
		if ep.groupID == "" {
			ep.groupID = strings.TrimSpace(pf.x.Parent.GroupID)
		}
		if ep.version == "" {
			ep.version = strings.TrimSpace(pf.x.Parent.Version)
		}
	}
	// Properties: the farthest parent first, so children override.
	for i := len(ep.chain) - 1; i >= 0; i-- {
		for _, kv := range ep.chain[i].x.Properties {
			ep.props[kv[0]] = kv[1]
		}
	}
	for _, k := range []string{"project.groupId", "pom.groupId", "groupId"} {
		ep.props[k] = ep.groupID
	}
	for _, k := range []string{"project.version", "pom.version", "version"} {
		ep.props[k] = ep.version
	}
	ep.props["project.artifactId"] = pf.x.ArtifactID
	ep.props["project.basedir"] = pf.dir
	if pf.x.Parent != nil {
		ep.props["project.parent.groupId"] = strings.TrimSpace(pf.x.Parent.GroupID)
		ep.props["project.parent.artifactId"] = strings.TrimSpace(pf.x.Parent.ArtifactID)
		ep.props["project.parent.version"] = strings.TrimSpace(pf.x.Parent.Version)
	}
	// Dependency management: the farthest parent first, so children override; BOM imports outside
	// the repository are remembered for version inference when the catalog knows them.
	for i := len(ep.chain) - 1; i >= 0; i-- {
		for _, d := range ep.chain[i].x.Managed {
			g, a := ep.interp(d.GroupID), ep.interp(d.ArtifactID)
			if strings.TrimSpace(d.Scope) == "import" {
				if cat.IsBOM(g + ":" + a) {
					ep.boms[g] = ep.interp(d.Version)
				}
				continue
			}
			ep.managed[g+":"+a] = d
		}
	}
	return ep
}

var propRef = regexp.MustCompile(`\$\{([^}]+)\}`)

// interp replaces ${...} references, recursively, leaving unknown ones in place (and noting them).
func (ep *effectivePom) interp(s string) string {
	s = strings.TrimSpace(s)
	for i := 0; i < 10 && strings.Contains(s, "${"); i++ {
		changed := false
		s = propRef.ReplaceAllStringFunc(s, func(m string) string {
			k := m[2 : len(m)-1]
			if v, ok := ep.props[k]; ok {
				changed = true
				return v
			}
			if strings.HasPrefix(k, "env.") || strings.HasPrefix(k, "settings.") {
				return m
			}
			ep.unknownP[k] = true
			return m
		})
		if !changed {
			break
		}
	}
	return s
}

// resolve interpolates a declared dependency and fills version and scope from management.
func (ep *effectivePom) resolve(d pomDep) Artifact {
	a := Artifact{GroupID: ep.interp(d.GroupID), ArtifactID: ep.interp(d.ArtifactID), Version: ep.interp(d.Version),
		Type: ep.interp(d.Type), Classifier: ep.interp(d.Classifier), Scope: ep.interp(d.Scope)}
	if m, ok := ep.managed[a.GA()]; ok {
		if a.Version == "" {
			a.Version = ep.interp(m.Version)
		}
		if a.Scope == "" {
			a.Scope = ep.interp(m.Scope)
		}
	}
	if a.Version == "" {
		if v, ok := ep.boms[a.GroupID]; ok && v != "" {
			a.Version, a.Inferred = v, true
		}
	}
	if strings.Contains(a.Version, "${") {
		a.Version = ""
	}
	if a.Scope == "" {
		a.Scope = "compile"
	}
	return a
}
