package adapters

import (
	"errors"
	"io/fs"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/kompat/kompat/reports"
)

func official(t *testing.T) *Catalog {
	t.Helper()
	c, err := Official()
	if err != nil {
		t.Fatalf("Official: %v", err)
	}
	return c
}

func TestOfficialCatalog(t *testing.T) {
	c := official(t)
	if got := len(c.Rules()); got != 26 {
		t.Errorf("mappings = %d, want 26 (24 adapters, dubbo 2.6 and 2.7 have two each)", got)
	}
	if got := len(c.Adapters()); got != 24 {
		t.Errorf("adapters = %d, want 24", got)
	}
	for _, r := range c.Rules() {
		if len(r.Range.Ranges) == 0 {
			t.Errorf("%s: no range", r.Source)
		}
		if r.Mapping.Adapter.GroupID != "com.alipay.sofa.koupleless" {
			t.Errorf("%s: adapter groupId %q", r.Source, r.Mapping.Adapter.GroupID)
		}
		if r.Version == "" {
			t.Errorf("%s: no adapter version", r.Source)
		}
		if want := r.Mapping.Adapter.ArtifactID + "/conf/adapter-mapping.yaml"; r.Source != want {
			t.Errorf("mapping for %s lives in %s, want %s", r.Mapping.Adapter.ArtifactID, r.Source, want)
		}
	}
	// Every adapter has a class table entry, and every entry names a mapped adapter.
	for _, a := range c.Adapters() {
		if len(a.Classes()) == 0 {
			t.Errorf("%s: no classes in classes.yaml", a.GA())
		}
		for _, rc := range a.Replaces {
			for _, h := range rc.Hazards {
				switch h {
				case HazardStaticState, HazardClassLoader, HazardResources, HazardOther:
				default:
					t.Errorf("%s %s: unknown hazard %q", a.GA(), rc.Class, h)
				}
			}
		}
	}
	for ga := range c.classes {
		if c.Adapter(ga) == nil {
			t.Errorf("classes.yaml names %s, which no mapping uses", ga)
		}
	}
}

// TestRoundTrip checks that every embedded file survives parse, write and parse in the Koupleless schema.
func TestRoundTrip(t *testing.T) {
	n := 0
	err := fs.WalkDir(catalogFS, "catalog/official", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		n++
		data, _ := catalogFS.ReadFile(p)
		a, err := ParseMapping(data)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		out, err := a.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		b, err := ParseMapping(out)
		if err != nil {
			t.Fatalf("%s re-read: %v\n%s", p, err, out)
		}
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s does not round-trip:\n%+v\n%+v", p, a, b)
		}
		for _, key := range []string{"version:", "adapterMappings:", "matcher:", "versionRange:", "adapter:"} {
			if !strings.Contains(string(out), key) {
				t.Errorf("%s: written form lacks %s", p, key)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != 24 {
		t.Errorf("embedded files = %d, want 24", n)
	}
}

func TestParseMappingStrict(t *testing.T) {
	if _, err := ParseMapping([]byte("version: 1\nadapterMapping: []\n")); err == nil {
		t.Error("a misspelt key must be an error")
	}
	if c, err := ParseMapping(nil); err != nil || len(c.AdapterMappings) != 0 {
		t.Errorf("empty file: %v %v", c, err)
	}
}

func adaptersFor(c *Catalog, arts ...Artifact) []string {
	var out []string
	for _, m := range c.Match(arts) {
		out = append(out, m.Adapter.ArtifactID+":"+m.Rule.Version)
	}
	sort.Strings(out)
	return out
}

func TestMatch(t *testing.T) {
	c := official(t)
	tests := []struct {
		gav  string
		want []string
	}{
		{"org.springframework.boot:spring-boot:2.3.5.RELEASE", []string{"koupleless-adapter-springboot-2.3:1.2.2", "koupleless-adaptor-module-resource-load-spring-boot-2.7.14:1.2.7"}},
		{"org.springframework.boot:spring-boot:2.7.10", []string{"koupleless-adapter-spring-boot-logback-2.7.14:1.2.3", "koupleless-adaptor-module-resource-load-spring-boot-2.7.14:1.2.7"}},
		{"org.springframework.boot:spring-boot:2.7.15", nil},
		{"ch.qos.logback:logback-core:1.4.12", []string{"koupleless-adapter-logback-core-1.4.12:1.2.7"}},
		{"ch.qos.logback:logback-core:1.4.11", []string{"koupleless-adapter-logback-core-1.1.6:1.2.7"}},
		{"ch.qos.logback:logback-classic:1.2.12", []string{"koupleless-adapter-logback:1.2.5"}},
		{"org.apache.logging.log4j:log4j-slf4j-impl:2.13.1", nil},
		{"org.apache.logging.log4j:log4j-slf4j-impl:2.13.0", []string{"koupleless-adapter-log4j-slf4j-impl-2.11:1.2.7"}},
		{"org.apache.dubbo:dubbo:2.7.23", []string{"koupleless-adapter-dubbo-2.7:1.2.2"}},
		{"org.apache.dubbo:dubbo-common:3.2.11", []string{"koupleless-adapter-dubbo-3.2:1.2.2"}},
		{"com.ctrip.framework.apollo:apollo-client:0.1", []string{"koupleless-adapter-apollo-1.6:1.2.2"}},
		{"org.springframework:spring-aop:6.0.9", []string{"koupleless-adapter-spring-aop-6.0.8:1.2.2"}},
		{"org.apache.rocketmq:rocketmq-client:4.4.1", nil},
		{"org.apache.rocketmq:rocketmq-client-x:4.4.0", nil},
	}
	for _, tt := range tests {
		a, _ := parseGAV(tt.gav)
		if got := adaptersFor(c, a); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.gav, got, tt.want)
		}
	}
	// Test scope is not on the runtime classpath.
	a, _ := parseGAV("ch.qos.logback:logback-classic:1.2.12")
	a.Scope = "test"
	if got := adaptersFor(c, a); got != nil {
		t.Errorf("test scope matched %v", got)
	}
}

const customLogback = `version: 9.9.9
adapterMappings:
  - matcher:
      groupId: ch.qos.logback
      artifactId: logback-classic
      versionRange: "[1.1.7,1.2.13]"
    adapter:
      groupId: com.alipay.sofa.koupleless
      artifactId: koupleless-adapter-logback
  - matcher:
      groupId: com.acme
      artifactId: acme-cache
      versionRange: "[1.0,2.0)"
    adapter:
      groupId: com.acme
      artifactId: acme-cache-adapter
      version: 1.0.0
`

// TestCustomMappingsApplyInAddition: as in the plugin, a custom mapping with the same matcher as an
// official one is applied in addition to it, and two adapter versions are a conflict.
func TestCustomMappingsApplyInAddition(t *testing.T) {
	c := official(t)
	logback, _ := parseGAV("ch.qos.logback:logback-classic:1.2.12")
	acme, _ := parseGAV("com.acme:acme-cache:1.5")
	if err := c.Add("user.yaml", []byte(customLogback), LevelUser); err != nil {
		t.Fatal(err)
	}
	if got := adaptersFor(c, logback, acme); !reflect.DeepEqual(got, []string{"acme-cache-adapter:1.0.0", "koupleless-adapter-logback:1.2.5", "koupleless-adapter-logback:9.9.9"}) {
		t.Errorf("after the user file: %v", got)
	}
	conflicts := Conflicts(c.Match([]Artifact{logback}))
	if len(conflicts) != 1 || conflicts[0].A.Level != LevelOfficial || conflicts[0].B.Source != "user.yaml" || !strings.Contains(conflicts[0].B.Where(), "user.yaml adapterMappings[0]") {
		t.Fatalf("conflicts: %+v", conflicts)
	}
	if Conflicts(c.Match([]Artifact{acme})) != nil {
		t.Error("a mapping no other shares is no conflict")
	}
	base := c.Clone()
	if err := base.Add("conf/ark/adapter-mapping.yaml", []byte(strings.Replace(customLogback, "9.9.9", "2.0.0", 1)), LevelBase); err != nil {
		t.Fatal(err)
	}
	if got := adaptersFor(base, logback); !reflect.DeepEqual(got, []string{"koupleless-adapter-logback:1.2.5", "koupleless-adapter-logback:2.0.0", "koupleless-adapter-logback:9.9.9"}) {
		t.Errorf("base file with the user file: %v", got)
	}
	// The same file added twice adds nothing, and the clone left the original alone.
	if err := base.Add("conf/ark/adapter-mapping.yaml", []byte(strings.Replace(customLogback, "9.9.9", "2.0.0", 1)), LevelBase); err != nil {
		t.Fatal(err)
	}
	if got := adaptersFor(base, logback); len(got) != 3 {
		t.Errorf("same file twice: %v", got)
	}
	if got := adaptersFor(c, logback); !reflect.DeepEqual(got, []string{"koupleless-adapter-logback:1.2.5", "koupleless-adapter-logback:9.9.9"}) {
		t.Errorf("clone changed the original: %v", got)
	}
	// An identical custom mapping (same version) is applied too, but is no conflict.
	same := official(t)
	if err := same.Add("same.yaml", []byte(strings.Replace(customLogback, "9.9.9", "1.2.5", 1)), LevelBase); err != nil {
		t.Fatal(err)
	}
	if ms := same.Match([]Artifact{logback}); len(ms) != 2 || Conflicts(ms) != nil {
		t.Errorf("identical mapping: %d matches, conflicts %v", len(ms), Conflicts(ms))
	}
}

func TestCommonDependencies(t *testing.T) {
	c := official(t)
	_ = c.Add("a.yaml", []byte("commonDependencies:\n  - {groupId: g, artifactId: a, version: '1'}\n"), LevelBase)
	_ = c.Add("b.yaml", []byte("commonDependencies:\n  - {groupId: g, artifactId: a, version: '2'}\n  - {groupId: g, artifactId: b, version: '3'}\n"), LevelUser)
	got := c.CommonDependencies()
	if len(got) != 2 || got[0].Version != "1" || got[1].Version != "3" {
		t.Errorf("common dependencies: %+v", got)
	}
}

func TestRegexpAndInvalidMappings(t *testing.T) {
	c := official(t)
	err := c.Add("x.yaml", []byte(`version: 1.0.0
adapterMappings:
  - matcher: {regexp: ".*:acme-lib:1\\..*"}
    adapter: {groupId: com.acme, artifactId: acme-lib-adapter}
  - matcher: {regexp: "nomatch", groupId: com.acme, artifactId: other, versionRange: "[1,2)"}
    adapter: {groupId: com.acme, artifactId: other-adapter}
  - matcher: {groupId: com.acme, artifactId: bad, versionRange: "1.0"}
    adapter: {groupId: com.acme, artifactId: bad-adapter}
  - matcher: {groupId: com.acme, artifactId: nogroup, versionRange: "[1,2)"}
    adapter: {artifactId: nogroup-adapter}
`), LevelUser)
	// A bare version is a warning: the plugin reads it and matches nothing.
	var me *MappingError
	if !errors.As(err, &me) || len(me.Errors) != 0 || len(me.Warnings) != 1 || !strings.Contains(me.Warnings[0], "adapterMappings[2]") ||
		!strings.Contains(me.Warnings[0], "would match nothing") {
		t.Fatalf("want one bare-version warning for mapping 2, got %v", err)
	}
	if n := MappingNotices("x.yaml", err); len(n) != 1 || n[0].Level != reports.NoticeWarning || n[0].Code != NoticeBadMapping {
		t.Errorf("notices %+v", n)
	}
	lib, _ := parseGAV("com.acme:acme-lib:1.4")
	other, _ := parseGAV("com.acme:other:1.5")
	bad, _ := parseGAV("com.acme:bad:1.0")
	if got := adaptersFor(c, lib, other, bad); !reflect.DeepEqual(got, []string{"acme-lib-adapter:1.0.0", "other-adapter:1.0.0"}) {
		t.Errorf("regexp matching: %v", got)
	}
	// A mapping without an adapter groupId is an error only when it matches, as in the plugin.
	if errs := c.Unusable([]Artifact{lib, other}); len(errs) != 0 {
		t.Errorf("unmatched mapping without groupId: %v", errs)
	}
	nogroup, _ := parseGAV("com.acme:nogroup:1.5")
	errs := c.Unusable([]Artifact{nogroup})
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "x.yaml adapterMappings[3]") || !strings.Contains(errs[0].Error(), "no groupId") {
		t.Errorf("matched mapping without groupId: %v", errs)
	}
	if got := adaptersFor(c, nogroup); len(got) != 0 {
		t.Errorf("a mapping without groupId yields an adapter: %v", got)
	}
	noversion, _ := parseGAV("com.acme:nover:1.5")
	if err := c.Add("nover.yaml", []byte("adapterMappings:\n  - matcher: {groupId: com.acme, artifactId: nover, versionRange: \"[1,2)\"}\n    adapter: {groupId: com.acme, artifactId: nover-adapter}\n"), LevelBase); err != nil {
		t.Fatal(err)
	}
	if errs := c.Unusable([]Artifact{noversion}); len(errs) != 1 || !strings.Contains(errs[0].Error(), "nover.yaml adapterMappings[0]") || !strings.Contains(errs[0].Error(), "no version") {
		t.Errorf("matched mapping without version: %v", errs)
	}
	// Java-only regexp syntax is a clear error naming the file.
	err = c.Add("java.yaml", []byte("version: 1.0.0\nadapterMappings:\n  - matcher: {regexp: \"(?<=com)\\\\.acme:.*\"}\n    adapter: {groupId: com.acme, artifactId: a}\n"), LevelUser)
	if !errors.As(err, &me) || len(me.Errors) != 1 || !strings.HasPrefix(err.Error(), "java.yaml: adapterMappings[0]: regexp") || !strings.Contains(err.Error(), "RE2") {
		t.Errorf("RE2 error: %v", err)
	}
	if n := MappingNotices("java.yaml", err); len(n) != 1 || n[0].Level != reports.NoticeError || n[0].Path != "java.yaml" {
		t.Errorf("notices %+v", n)
	}
}

func TestAdaptersForClass(t *testing.T) {
	c := official(t)
	names := func(list []*Adapter) []string {
		var out []string
		for _, a := range list {
			out = append(out, a.ArtifactID)
		}
		return out
	}
	if got := names(c.AdaptersForClass("org.apache.dubbo.common.utils.PojoUtils")); !reflect.DeepEqual(got, []string{"koupleless-adapter-dubbo-2.7", "koupleless-adapter-dubbo-3.1", "koupleless-adapter-dubbo-3.2"}) {
		t.Errorf("PojoUtils: %v", got)
	}
	if got := names(c.AdaptersForClass("org.springframework.boot.context.config.ConfigFileApplicationListener$Loader")); !reflect.DeepEqual(got, []string{"koupleless-adapter-springboot-2.3"}) {
		t.Errorf("nested: %v", got)
	}
	if got := names(c.AdaptersForClass("ch.qos.logback.classic.Logger$1")); !reflect.DeepEqual(got, []string{"koupleless-adapter-logback"}) {
		t.Errorf("outer fallback: %v", got)
	}
	if got := c.AdaptersForClass("com.acme.Foo"); got != nil {
		t.Errorf("unknown class: %v", names(got))
	}
	ad := c.Adapter("com.alipay.sofa.koupleless:koupleless-adapter-mybatis-3.5.15")
	if rc, ok := ad.ReplacedClass("org.apache.ibatis.scripting.xmltags.OgnlCache"); !ok || !reflect.DeepEqual(rc.Hazards, []string{HazardResources, HazardStaticState}) {
		t.Errorf("OgnlCache hazards: %+v %v", rc, ok)
	}
}

func TestAnnotate(t *testing.T) {
	c := official(t)
	base := &Inventory{Artifacts: []Artifact{
		{GroupID: "org.apache.dubbo", ArtifactID: "dubbo", Version: "2.7.23"},
		{GroupID: "com.alipay.sofa.koupleless", ArtifactID: "koupleless-adapter-dubbo-2.7", Version: "1.2.2"},
		{GroupID: "ch.qos.logback", ArtifactID: "logback-classic", Version: "1.2.12"},
	}}
	fs := []reports.Finding{
		{Location: reports.Location{Symbol: "org.apache.dubbo.common.utils.PojoUtils#generalize"}},
		{Location: reports.Location{Symbol: "org.apache.dubbo.common.utils.PojoUtils.CLASS_NOT_FOUND_CACHE", Artifact: "org.apache.dubbo:dubbo-common:3.1.11"}},
		{Location: reports.Location{Symbol: "ch.qos.logback.classic.Logger.loggerCache"}},
		{Location: reports.Location{Symbol: "com.acme.Foo#bar"}},
		{Location: reports.Location{Symbol: "ch.qos.logback.classic.Logger#info"}, Adapters: []reports.AdapterRef{{GroupID: "com.alipay.sofa.koupleless", ArtifactID: "koupleless-adapter-logback"}}},
	}
	c.Annotate(fs, base)
	want := [][]reports.AdapterRef{
		{{GroupID: "com.alipay.sofa.koupleless", ArtifactID: "koupleless-adapter-dubbo-2.7", Version: "1.2.2", InBase: true}},
		{{GroupID: "com.alipay.sofa.koupleless", ArtifactID: "koupleless-adapter-dubbo-3.1", Version: "1.2.2", InBase: false}},
		{{GroupID: "com.alipay.sofa.koupleless", ArtifactID: "koupleless-adapter-logback", Version: "1.2.5", InBase: false}},
		nil,
		{{GroupID: "com.alipay.sofa.koupleless", ArtifactID: "koupleless-adapter-logback"}},
	}
	for i := range fs {
		if !reflect.DeepEqual(fs[i].Adapters, want[i]) {
			t.Errorf("finding %d (%s): %+v, want %+v", i, fs[i].Location.Symbol, fs[i].Adapters, want[i])
		}
	}
	if got := c.ClassOfSymbol("org.springframework.core.io.DefaultResourceLoader.getResource(java.lang.String)"); got != "org.springframework.core.io.DefaultResourceLoader" {
		t.Errorf("ClassOfSymbol: %q", got)
	}
}

func TestBaseOnly(t *testing.T) {
	c := official(t)
	for ga, want := range map[string]bool{
		"com.alipay.sofa:sofa-ark-all":                          true,
		"com.alipay.sofa.koupleless:koupleless-base-starter":    true,
		"com.alipay.sofa:web-ark-plugin":                        true,
		"com.alipay.sofa.koupleless:koupleless-app-starter":     true,
		"com.alipay.sofa.koupleless:koupleless-adapter-logback": true,
		"ch.qos.logback:logback-classic":                        false,
	} {
		if _, got := c.BaseOnly(ga); got != want {
			t.Errorf("BaseOnly(%s) = %v", ga, got)
		}
	}
	if !c.IsBOM("org.springframework.boot:spring-boot-starter-parent") {
		t.Error("spring-boot-starter-parent is a BOM")
	}
}
