package adapters

import (
	"strings"

	"github.com/kompat/kompat/reports"
)

// ClassOfSymbol returns the catalog class a finding's symbol is in, trying the longest dotted prefix
// first: "com.acme.Foo#start" gives com.acme.Foo, "com.acme.Foo.CACHE" gives com.acme.Foo when the
// catalog knows com.acme.Foo. It returns "" when no prefix names a class an adapter replaces.
func (c *Catalog) ClassOfSymbol(symbol string) string {
	s := symbol
	if i := strings.IndexAny(s, "#("); i >= 0 {
		s = s[:i]
	}
	for strings.Count(s, ".") >= 1 {
		if len(c.AdaptersForClass(s)) > 0 {
			return s
		}
		s = s[:strings.LastIndexByte(s, '.')]
	}
	return ""
}

// Annotate fills Finding.Adapters for every finding whose Location.Symbol lies in a class that an
// adapter replaces. Candidates are narrowed to the adapters whose mapping matches the finding's
// Location.Artifact (g:a:v) when it has one, else to those the base's libraries match when base is
// given (if that leaves none, all candidates stay). InBase says whether the base carries the
// adapter (declared, patched into its classes, or added by the build plugin). base may be nil.
// Adapters already on a finding are kept, and not added twice.
func (c *Catalog) Annotate(findings []reports.Finding, base *Inventory) {
	var baseMatched map[string]bool
	if base != nil {
		baseMatched = map[string]bool{}
		for _, m := range c.Match(base.Artifacts) {
			baseMatched[m.Adapter.GA()] = true
		}
	}
	for i := range findings {
		f := &findings[i]
		cls := c.ClassOfSymbol(f.Location.Symbol)
		if cls == "" {
			continue
		}
		cands := c.AdaptersForClass(cls)
		if art, ok := parseGAV(f.Location.Artifact); ok {
			cands = filterAdapters(cands, func(a *Adapter) bool {
				for _, r := range a.Rules {
					if r.Matches(art) {
						return true
					}
				}
				return false
			})
		} else if baseMatched != nil {
			if narrowed := filterAdapters(cands, func(a *Adapter) bool { return baseMatched[a.GA()] }); len(narrowed) > 0 {
				cands = narrowed
			}
		}
		for _, a := range cands {
			ref := reports.AdapterRef{GroupID: a.GroupID, ArtifactID: a.ArtifactID, Version: a.Version, InBase: AdapterPresence(base, a) != Absent}
			dup := false
			for _, have := range f.Adapters {
				if have.GroupID == ref.GroupID && have.ArtifactID == ref.ArtifactID {
					dup = true
					break
				}
			}
			if !dup {
				f.Adapters = append(f.Adapters, ref)
			}
		}
	}
}

func filterAdapters(list []*Adapter, keep func(*Adapter) bool) []*Adapter {
	var out []*Adapter
	for _, a := range list {
		if keep(a) {
			out = append(out, a)
		}
	}
	return out
}

// parseGAV reads "groupId:artifactId:version" (extra segments such as type are ignored when there
// are five or more: g:a:type:version[:scope]).
func parseGAV(s string) (Artifact, bool) {
	p := strings.Split(s, ":")
	switch {
	case len(p) == 3 && p[0] != "" && p[1] != "" && p[2] != "":
		return Artifact{GroupID: p[0], ArtifactID: p[1], Version: p[2]}, true
	case len(p) >= 4 && p[0] != "" && p[1] != "":
		return Artifact{GroupID: p[0], ArtifactID: p[1], Version: p[3]}, true
	}
	return Artifact{}, false
}

// ForBase prepares annotation for `kompat scan`: the official catalog with the given mapping files
// (as --mapping) and the base's own conf/ark/adapter-mapping.yaml merged, and the base's inventory
// (nil when basePath is empty). Unreadable mapping files and base inputs come back as notices.
func ForBase(basePath string, mappingFiles []string) (*Catalog, *Inventory, []reports.Notice) {
	var notices []reports.Notice
	cat, err := Official()
	if err != nil {
		return nil, nil, []reports.Notice{{Code: NoticeBadMapping, Level: reports.NoticeError, Message: err.Error()}}
	}
	for _, m := range mappingFiles {
		if err := cat.AddFile(m, LevelUser); err != nil {
			notices = append(notices, MappingNotices(m, err)...)
		}
	}
	if basePath == "" {
		return cat, nil, notices
	}
	inv := Load(basePath, cat)
	notices = append(notices, inv.Notices...)
	if inv.CustomMapping != "" {
		c, err := cat.WithFile(inv.CustomMapping, LevelBase)
		if err != nil {
			notices = append(notices, MappingNotices(inv.CustomMapping, err)...)
		}
		cat = c
	}
	return cat, inv, notices
}
