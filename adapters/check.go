package adapters

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/kompat/kompat/adapters/maven"
	"github.com/kompat/kompat/reports"
	"github.com/kompat/kompat/rules"
)

// Config says what `kompat adapters` looks at.
type Config struct {
	// Catalog is the official catalog with the user's --mapping files merged in; Run loads the
	// official one when it is nil.
	Catalog *Catalog
	// Mappings are extra adapter-mapping.yaml files Run merges into the catalog (as --mapping).
	Mappings []string
	// Version is the kompat version Run writes into the report.
	Version string
	// Paths are the inputs: bases, or modules when Base is set. Without Base, an ark-biz jar is
	// taken as a module and anything else as a base.
	Paths []string
	// Base is the base project the modules are checked against (--base); empty for none.
	Base string
}

// Run is the adapters stage: it loads the catalog (official plus Mappings, each unusable file an
// error notice), runs Analyze and returns the report. The error is for the tool itself (the
// embedded catalog does not load).
func Run(ctx context.Context, cfg Config) (*reports.Report, error) {
	r := reports.New("adapters", cfg.Version)
	if cfg.Catalog == nil {
		cat, err := Official()
		if err != nil {
			return nil, fmt.Errorf("load the adapter catalog: %w", err)
		}
		cfg.Catalog = cat
	}
	for _, m := range cfg.Mappings {
		if err := cfg.Catalog.AddFile(m, LevelUser); err != nil {
			r.Notices = append(r.Notices, MappingNotices(m, err)...)
		}
	}
	Analyze(ctx, cfg, r)
	return r, nil
}

// Analyze runs the adapter, slimming and packaging checks and adds their findings, notices, inputs,
// rules and stats to r. Bad inputs become error notices; Analyze itself does not fail.
func Analyze(ctx context.Context, cfg Config, r *reports.Report) {
	a := &analysis{r: r, fired: map[string]bool{}}
	var base *Inventory
	var baseCat *Catalog
	if cfg.Base != "" {
		base = a.load(cfg.Base, cfg.Catalog)
		baseCat = a.catalogFor(cfg.Catalog, base)
		a.adapterChecks(base, baseCat)
	}
	for _, p := range cfg.Paths {
		if ctx.Err() != nil {
			r.Notices = append(r.Notices, reports.Notice{Code: NoticeUnreadable, Level: reports.NoticeError, Path: p, Message: "not read: " + ctx.Err().Error()})
			continue
		}
		inv := a.load(p, cfg.Catalog)
		switch {
		case base != nil:
			a.moduleChecks(inv, base, baseCat)
		case inv.Jar.IsBiz(p):
			a.moduleChecks(inv, nil, cfg.Catalog)
			r.Notices = append(r.Notices, reports.Notice{Code: NoticeNoBase, Level: reports.NoticeInfo, Path: filepath.ToSlash(p),
				Message: "ark-biz jar checked as a module without --base: slimming, version-conflict and duplicate-class checks need the base"})
		default:
			a.adapterChecks(inv, a.catalogFor(cfg.Catalog, inv))
		}
	}
	for _, m := range rules.All() {
		if a.fired[m.ID] {
			r.Rules = append(r.Rules, m.InfoFor(a.sides[m.ID].rulesSide()))
		}
	}
}

type analysis struct {
	r     *reports.Report
	fired map[string]bool
	sides map[string]Side
}

func (a *analysis) load(p string, cat *Catalog) *Inventory {
	inv := Load(p, cat)
	a.r.Inputs = append(a.r.Inputs, filepath.ToSlash(p))
	a.r.Notices = append(a.r.Notices, inv.Notices...)
	a.r.Stats.Files += inv.Files
	a.r.Stats.Bytes += inv.Bytes
	for _, n := range inv.Notices {
		if n.Level == reports.NoticeError {
			a.r.Stats.Skipped++
		}
	}
	return inv
}

// catalogFor returns the catalog with the project's conf/ark/adapter-mapping.yaml on top, if any.
func (a *analysis) catalogFor(cat *Catalog, inv *Inventory) *Catalog {
	if inv.CustomMapping == "" {
		return cat
	}
	c, err := cat.WithFile(inv.CustomMapping, LevelBase)
	if err != nil {
		a.r.Notices = append(a.r.Notices, MappingNotices(inv.CustomMapping, err)...)
	}
	return c
}

// emit records a finding of the rule for a side and returns it, so that the caller can add the
// evidence, related locations, adapters or case-specific fix (none of which enter the fingerprint).
func (a *analysis) emit(m *rules.Meta, side Side, loc reports.Location, snippet, msg string) *reports.Finding {
	a.r.Findings = append(a.r.Findings, m.NewFinding(side.rulesSide(), loc, msg, snippet))
	f := &a.r.Findings[len(a.r.Findings)-1]
	if !a.fired[m.ID] {
		a.fired[m.ID] = true
		if a.sides == nil {
			a.sides = map[string]Side{}
		}
		a.sides[m.ID] = side
	}
	return f
}

// Presence says whether and how a base carries an adapter.
type Presence int

// Presence values.
const (
	Absent    Presence = iota
	Declared           // the adapter jar is a dependency of the base
	Patched            // the adapter's classes are among the base's own classes (add-patch ran)
	ViaPlugin          // the base's pom runs koupleless-base-build-plugin add-patch
)

func (p Presence) String() string {
	switch p {
	case Declared:
		return "declared as a dependency of the base"
	case Patched:
		return "its classes are in the base's own classes"
	case ViaPlugin:
		return "added at build time by koupleless-base-build-plugin add-patch"
	}
	return "absent"
}

// AdapterPresence reports whether the base inventory carries the adapter. A nil base has nothing.
func AdapterPresence(base *Inventory, ad *Adapter) Presence {
	if base == nil || ad == nil {
		return Absent
	}
	if len(base.Find(ad.GA())) > 0 {
		return Declared
	}
	classes := ad.Classes()
	if len(classes) > 0 && len(base.Classes) > 0 {
		all := true
		for _, c := range classes {
			if _, ok := base.Classes[c]; !ok {
				all = false
				break
			}
		}
		if all {
			return Patched
		}
	}
	if base.BuildPlugin {
		return ViaPlugin
	}
	return Absent
}

func (a *analysis) adapterChecks(inv *Inventory, cat *Catalog) {
	for _, err := range cat.Unusable(inv.Artifacts) {
		a.r.Notices = append(a.r.Notices, reports.Notice{Code: NoticeBadMapping, Level: reports.NoticeError, Path: filepath.ToSlash(inv.Path), Message: err.Error()})
	}
	matches := cat.Match(inv.Artifacts)
	for _, c := range Conflicts(matches) {
		a.r.Notices = append(a.r.Notices, reports.Notice{Code: NoticeMappingClash, Level: reports.NoticeWarning, Path: filepath.ToSlash(inv.Path),
			Message: fmt.Sprintf("%s and %s have the same matcher (%s) but name %s in versions %s and %s: the plugin applies both, and which version the base gets depends on HashMap order",
				c.A.Where(), c.B.Where(), c.A.Library(), c.A.Mapping.Adapter.GA(), c.A.Version, c.B.Version)})
	}
	// One finding per adapter and version: a custom mapping naming another version of an official
	// adapter is reported next to the official one, as the plugin applies both.
	byAdapter := map[string][]Match{}
	versions := map[string]map[string]bool{}
	var order []string
	for _, m := range matches {
		ga := m.Adapter.GA()
		key := ga + "\x00" + m.Rule.Version
		if _, ok := byAdapter[key]; !ok {
			order = append(order, key)
		}
		byAdapter[key] = append(byAdapter[key], m)
		if versions[ga] == nil {
			versions[ga] = map[string]bool{}
		}
		versions[ga][m.Rule.Version] = true
	}
	for _, key := range order {
		ms := byAdapter[key]
		ad, lib, rule := ms[0].Adapter, ms[0].Artifact, ms[0].Rule
		pres := AdapterPresence(inv, ad)
		var ev []string
		seen := map[string]bool{}
		for _, m := range ms {
			e := fmt.Sprintf("%s %s matches %s (mapping from %s)", m.Artifact.GA(), m.Artifact.Version, m.Rule.Mapping.Matcher.VersionRange, m.Rule.Source)
			if m.Rule.Mapping.Matcher.Regexp != "" {
				e = fmt.Sprintf("%s matches regexp %q (mapping from %s)", m.Artifact.fullID(), m.Rule.Mapping.Matcher.Regexp, m.Rule.Source)
			}
			if !seen[e] {
				seen[e] = true
				ev = append(ev, e)
			}
		}
		if cls := ad.Classes(); len(cls) > 0 {
			ev = append(ev, "adapter classes: "+strings.Join(firstN(cls, 6), ", "))
		}
		adv := rule.Version
		loc, snippet := libLocation(inv, lib), lib.GA()+" "+ad.GA()
		if len(versions[ad.GA()]) > 1 {
			snippet += " " + rule.Version // two versions of one adapter are two findings
		}
		refs := []reports.AdapterRef{{GroupID: ad.GroupID, ArtifactID: ad.ArtifactID, Version: adv, InBase: pres != Absent}}
		rng := rule.Mapping.Matcher.VersionRange
		if pres != Absent {
			f := a.emit(ruleMatched, SideBase, loc, snippet, fmt.Sprintf("%s %s is in %s: adapter %s:%s applies (%s)", lib.GA(), lib.Version, rng, ad.GA(), adv, pres))
			f.Evidence, f.Adapters, f.Fix = ev, refs, ""
			continue
		}
		f := a.emit(ruleMissing, SideBase, loc, snippet, fmt.Sprintf("%s %s is in %s: the base needs adapter %s:%s, which it lacks", lib.GA(), lib.Version, rng, ad.GA(), adv))
		f.Evidence, f.Adapters = ev, refs
		f.Fix = fmt.Sprintf("Run koupleless-base-build-plugin with the add-patch goal in the base (it copies every matched adapter into the base's classes), or add %s:%s as a dependency of the base.", ad.GA(), adv)
		if rule.Level != LevelOfficial {
			f.Fix += fmt.Sprintf(" The mapping comes from %s: the plugin sees it only in the base's conf/ark/adapter-mapping.yaml or a customAdaptorMappingDependencies jar.", rule.Source)
		}
	}
	a.mismatches(inv, cat, byAdapter)
}

// mismatches reports adapter jars a base declares that match none of its libraries.
func (a *analysis) mismatches(inv *Inventory, cat *Catalog, matched map[string][]Match) {
	for _, art := range inv.Artifacts {
		ad := cat.Adapter(art.GA())
		if ad == nil || matched[ad.GA()] != nil {
			continue
		}
		var libs, ev []string
		for _, r := range ad.Rules {
			m := r.Mapping.Matcher
			ev = append(ev, fmt.Sprintf("%s is for %s", ad.ArtifactID, r.Library()))
			for _, l := range inv.Find(m.GroupID + ":" + m.ArtifactID) {
				libs = append(libs, l.GA()+" "+l.Version)
				for _, other := range cat.Match([]Artifact{l}) {
					ev = append(ev, fmt.Sprintf("for %s %s the catalog has %s:%s", l.GA(), l.Version, other.Adapter.GA(), other.Rule.Version))
				}
			}
		}
		msg := fmt.Sprintf("adapter %s is present but the base has none of the libraries it patches", art.GAV())
		fix := "Remove the adapter dependency, or add the library version it was written for."
		if len(libs) > 0 {
			msg = fmt.Sprintf("adapter %s is present but the base has %s, outside the range it was written for", art.GAV(), strings.Join(dedupeStrings(libs), ", "))
			fix = "Remove this adapter and use the one whose range holds the library's version (see the evidence); its classes replace the library's with code from another version."
		}
		f := a.emit(ruleMismatch, SideBase, libLocation(inv, art), "mismatch "+ad.GA(), msg)
		f.Evidence, f.Fix = dedupeStrings(ev), fix
		f.Adapters = []reports.AdapterRef{{GroupID: ad.GroupID, ArtifactID: ad.ArtifactID, Version: art.Version, InBase: true}}
	}
}

func libLocation(inv *Inventory, art Artifact) reports.Location {
	p := art.Path
	if p == "" {
		p = filepath.ToSlash(inv.Path)
	}
	return reports.Location{Path: p, Line: art.Line, Symbol: art.GAV(), Artifact: art.GAV()}
}

func dedupeStrings(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// moduleChecks runs the ark-biz layout checks on a module jar and, given its base, the slimming,
// version-conflict, base-only, adapted-library and duplicate-class checks.
func (a *analysis) moduleChecks(mod, base *Inventory, cat *Catalog) {
	if mod.Jar != nil {
		a.bizChecks(mod)
	}
	if base == nil {
		return
	}
	baseByGA := map[string][]Artifact{}
	for _, b := range base.Artifacts {
		if b.Scope != "test" {
			baseByGA[b.GA()] = append(baseByGA[b.GA()], b)
		}
	}
	var saved int64
	var slimmed int
	for _, m := range mod.Artifacts {
		if !m.shipped() || m.GroupID == "" {
			continue
		}
		loc := libLocation(mod, m)
		if pat, ok := cat.BaseOnly(m.GA()); ok {
			f := a.emit(ruleBaseOnly, SideModule, loc, "base-only "+m.GA(), fmt.Sprintf("module ships %s, which must come from the base only (%s)", m.GAV(), pat))
			f.Fix = fmt.Sprintf("Declare %s with <scope>provided</scope> in the module, or exclude it from the ark-biz jar.", m.GA())
			f.Evidence = []string{"catalog baseOnly pattern " + pat}
			continue
		}
		bs := baseByGA[m.GA()]
		if len(bs) == 0 {
			for _, mt := range cat.Match([]Artifact{m}) {
				f := a.emit(ruleModuleLib, SideModule, loc, "adapted "+m.GA()+" "+mt.Adapter.GA(),
					fmt.Sprintf("module packs %s, which adapter %s:%s patches; adapters patch the base's copy, so the module loads unpatched classes", m.GAV(), mt.Adapter.GA(), mt.Rule.Version))
				f.Fix = fmt.Sprintf("Let the base provide %s (with its adapter) and declare it provided in the module.", m.GA())
				f.Adapters = []reports.AdapterRef{{GroupID: mt.Adapter.GroupID, ArtifactID: mt.Adapter.ArtifactID, Version: mt.Rule.Version, InBase: AdapterPresence(base, mt.Adapter) != Absent}}
			}
			continue
		}
		b := bs[0]
		if b.Version == "" || m.Version == "" {
			continue
		}
		if maven.ParseVersion(m.Version).Equal(maven.ParseVersion(b.Version)) {
			slimmed++
			saved += m.Size
			msg := fmt.Sprintf("module ships %s, which the base already provides", m.GAV())
			if m.Size > 0 {
				msg += fmt.Sprintf(" (%s saved by slimming it)", humanBytes(m.Size))
			}
			f := a.emit(ruleSlim, SideModule, loc, "slim "+m.GA(), msg)
			f.Related = []reports.Location{libLocation(base, b)}
			f.Fix = fmt.Sprintf("Declare %s with <scope>provided</scope> in the module (or slim it with baseDependencyParentIdentity), so the module uses the base's copy.", m.GA())
			continue
		}
		f := a.emit(ruleConflict, SideModule, loc, "conflict "+m.GA(), fmt.Sprintf("module ships %s %s but the base has %s", m.GA(), m.Version, b.Version))
		f.Related = []reports.Location{libLocation(base, b)}
		f.Fix = fmt.Sprintf("Align %s on the base's version %s and declare it provided, or keep the module's copy deliberately and never pass its types to the base.", m.GA(), b.Version)
	}
	if slimmed > 0 {
		msg := fmt.Sprintf("%d jar(s) the module ships are provided by the base", slimmed)
		if saved > 0 {
			msg += fmt.Sprintf("; slimming them saves %s", humanBytes(saved))
		}
		a.r.Notices = append(a.r.Notices, reports.Notice{Code: NoticeSlimSummary, Level: reports.NoticeInfo, Path: filepath.ToSlash(mod.Path), Message: msg})
	}
	a.splitIdentity(mod, base)
}

type classUnit struct {
	label, ga, path string
	classes         map[string]uint32
}

func units(inv *Inventory, shippedOnly bool) []classUnit {
	var out []classUnit
	if len(inv.Classes) > 0 {
		out = append(out, classUnit{label: "own classes", path: inv.ClassesPath, classes: inv.Classes})
	}
	for _, a := range inv.Artifacts {
		if a.Classes == nil || (shippedOnly && !a.shipped()) {
			continue
		}
		out = append(out, classUnit{label: a.GAV(), ga: a.GA(), path: a.Path, classes: a.Classes})
	}
	return out
}

// splitIdentity reports classes both sides carry, per (module jar, base jar) pair whose libraries
// differ (same-library pairs are the slimming and conflict findings already).
func (a *analysis) splitIdentity(mod, base *Inventory) {
	type owner struct {
		u   int
		crc uint32
	}
	bus := units(base, false)
	if len(bus) == 0 {
		return
	}
	idx := map[string]owner{}
	for i, u := range bus {
		for c, crc := range u.classes {
			if _, ok := idx[c]; !ok {
				idx[c] = owner{i, crc}
			}
		}
	}
	for _, mu := range units(mod, true) {
		type pair struct {
			names  []string
			differ int
		}
		pairs := map[int]*pair{}
		for c, crc := range mu.classes {
			o, ok := idx[c]
			if !ok {
				continue
			}
			if mu.ga != "" && bus[o.u].ga == mu.ga {
				continue
			}
			p := pairs[o.u]
			if p == nil {
				p = &pair{}
				pairs[o.u] = p
			}
			p.names = append(p.names, c)
			if crc != o.crc {
				p.differ++
			}
		}
		var keys []int
		for k := range pairs {
			keys = append(keys, k)
		}
		sort.Ints(keys)
		for _, k := range keys {
			p, bu := pairs[k], bus[k]
			sort.Strings(p.names)
			f := a.emit(ruleSplit, SideModule, reports.Location{Path: mu.path, Symbol: p.names[0], Artifact: mu.ga}, "split "+mu.label+" "+bu.label,
				fmt.Sprintf("%d class(es) of the module's %s are also in the base's %s (%d differ in bytes), e.g. %s; each side loads its own copy",
					len(p.names), mu.label, bu.label, p.differ, p.names[0]))
			f.Related = []reports.Location{{Path: bu.path, Symbol: p.names[0]}}
			f.Evidence = firstN(p.names, 10)
			f.Fix = "Keep one copy: make the dependency provided in the module so the base's class is used, or keep it module-private and never pass its types to the base."
		}
	}
}

func (a *analysis) bizChecks(mod *Inventory) {
	j := mod.Jar
	p := filepath.ToSlash(mod.Path)
	if !j.Mark {
		ev := []string{"layout: " + j.Layout}
		if j.BootInf {
			ev = append(ev, "has BOOT-INF/: a Spring Boot fat jar, not the sofa-ark-maven-plugin ark-biz output")
		}
		f := a.emit(ruleBizJar, SideModule, reports.Location{Path: p, Symbol: bizMark}, "mark",
			fmt.Sprintf("%s has no %s entry: SOFAArk will refuse to install it as a module", filepath.Base(mod.Path), bizMark))
		f.Evidence = ev
		f.Fix = "Build the module with sofa-ark-maven-plugin (goal repackage) declared before spring-boot-maven-plugin, and deploy the *-ark-biz.jar it writes."
		return
	}
	var missing []string
	for _, k := range []string{"Ark-Biz-Name", "Ark-Biz-Version"} {
		if strings.TrimSpace(j.Manifest[k]) == "" {
			missing = append(missing, k)
		}
	}
	if j.Manifest["Start-Class"] == "" && j.Manifest["Main-Class"] == "" {
		missing = append(missing, "Start-Class or Main-Class")
	}
	if j.BootInf {
		missing = append(missing, "no BOOT-INF/ (it has one)")
	}
	if len(missing) > 0 {
		f := a.emit(ruleBizManifest, SideModule, reports.Location{Path: p + "!/META-INF/MANIFEST.MF", Symbol: "MANIFEST.MF"}, strings.Join(missing, ","),
			fmt.Sprintf("ark-biz jar %s lacks %s", filepath.Base(mod.Path), strings.Join(missing, ", ")))
		f.Fix = "Let sofa-ark-maven-plugin write the manifest (bizName defaults to the artifactId, bizVersion to the project version) and keep the ark-biz layout: classes at the root, libraries under lib/."
	}
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
