package adapters

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/kompat/kompat/reports"
)

func TestParseCoordinate(t *testing.T) {
	tests := []struct {
		in   string
		want string // g:a:v classifier scope, "" for invalid
	}{
		{"org.a:b:jar:1.0:compile", "org.a:b:1.0  compile"},
		{"org.a:b:jar:1.0:compile -- module b [auto]", "org.a:b:1.0  compile"},
		{"io.netty:netty-epoll:jar:linux-x86_64:4.1.90.Final:runtime", "io.netty:netty-epoll:4.1.90.Final linux-x86_64 runtime"},
		{"org.a:b:jar:1.0:test:/home/u/.m2/repository/org/a/b/1.0/b-1.0.jar", "org.a:b:1.0  test"},
		{`org.a:b:jar:1.0:provided:C:\m2\b-1.0.jar`, "org.a:b:1.0  provided"},
		{"org.a:b:jar:1.0:compile (optional)", "org.a:b:1.0  compile"},
		{"this:is:not:a:coordinate", ""},
		{"org.a:b:jar:1.0", ""},
		{"org a:b:jar:1.0:compile", ""},
	}
	for _, tt := range tests {
		a, ok := parseCoordinate(tt.in)
		got := ""
		if ok {
			got = a.GAV() + " " + a.Classifier + " " + a.Scope
		}
		if got != tt.want {
			t.Errorf("parseCoordinate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseMavenTree(t *testing.T) {
	arts, kind, bad := parseMavenOutput([]byte(`[INFO] com.acme:app:jar:1.0
[INFO] +- org.a:direct:jar:1.0:compile
[INFO] |  \- org.a:transitive:jar:2.0:runtime
[INFO] |     \- (org.a:direct:jar:1.0:compile - omitted for duplicate)
[INFO] \- org.a:last:jar:3.0:provided
[INFO] com.acme:other-module:jar:1.0
[INFO] \- org.a:direct:jar:1.0:compile
`))
	if kind != "dependency-tree" || len(bad) != 0 {
		t.Errorf("kind %s bad %v", kind, bad)
	}
	var got []string
	for _, a := range arts {
		got = append(got, a.GAV()+" "+a.Scope+" "+map[bool]string{true: "direct", false: "transitive"}[a.Direct])
	}
	want := []string{"org.a:direct:1.0 compile direct", "org.a:transitive:2.0 runtime transitive", "org.a:last:3.0 provided direct"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("tree: %v, want %v", got, want)
	}
}

func TestManifestAndNames(t *testing.T) {
	m := parseManifest([]byte("Manifest-Version: 1.0\r\ndeclared-libraries: aaa,bb\r\n b,ccc\r\nArk-Biz-Name: x\r\n\r\nName: section\r\nArk-Biz-Name: y\r\n"))
	if m["declared-libraries"] != "aaa,bbb,ccc" || m["Ark-Biz-Name"] != "x" {
		t.Errorf("manifest: %v", m)
	}
	for file, want := range map[string]string{
		"legacy-util-1.0.jar":                "legacy-util 1.0 ",
		"netty-epoll-4.1.90.Final-linux.jar": "netty-epoll 4.1.90.Final linux",
		"guava-31.1-jre.jar":                 "guava 31.1 jre",
		"spring-core-5.3.27-SNAPSHOT.jar":    "spring-core 5.3.27-SNAPSHOT ",
		"noversion.jar":                      "noversion  ",
	} {
		a := identityFromName(file)
		if got := a.ArtifactID + " " + a.Version + " " + a.Classifier; got != want {
			t.Errorf("identityFromName(%s) = %q, want %q", file, got, want)
		}
	}
	props := []Artifact{{GroupID: "org.objenesis", ArtifactID: "objenesis", Version: "3.2"}, {GroupID: "com.acme", ArtifactID: "shaded-all", Version: "2.0"}}
	if a, ok := pickIdentity(props, "shaded-all-2.0-all.jar"); !ok || a.ArtifactID != "shaded-all" || a.Classifier != "all" {
		t.Errorf("pickIdentity: %+v %v", a, ok)
	}
	if _, ok := pickIdentity(props, "renamed.jar"); ok {
		t.Error("two candidates and no name match must not pick one")
	}
}

func TestLoadFatJar(t *testing.T) {
	inv := Load(filepath.Join(jarDir, "base-boot.jar"), official(t))
	if inv.Jar == nil || inv.Jar.Layout != "spring-boot" || !inv.Resolved {
		t.Fatalf("jar info %+v resolved %v", inv.Jar, inv.Resolved)
	}
	var gavs []string
	for _, a := range inv.Artifacts {
		gavs = append(gavs, a.GAV())
	}
	want := []string{":legacy-util:1.0", "ch.qos.logback:logback-classic:1.2.12", "ch.qos.logback:logback-core:1.2.12",
		"com.acme:shaded-all:2.0", "com.alipay.sofa.koupleless:koupleless-adapter-spring-aop-5.3.27:1.2.2",
		"com.google.guava:guava:31.1-jre", "org.apache.commons:commons-lang3:3.12.0", "org.springframework.boot:spring-boot:2.7.10",
		"org.springframework:spring-aop:5.3.26"}
	if !reflect.DeepEqual(gavs, want) {
		t.Errorf("artifacts:\n%v\nwant\n%v", gavs, want)
	}
	if _, ok := inv.Classes["ch.qos.logback.classic.Logger"]; !ok || len(inv.Classes) != 3 {
		t.Errorf("own classes: %v", inv.Classes)
	}
	if !inv.HasClass("org.apache.commons.lang3.StringUtils") {
		t.Error("classes of nested jars are indexed")
	}
}

func TestLoadBiz(t *testing.T) {
	inv := Load(filepath.Join(jarDir, "acme-module-1.0.0-ark-biz.jar"), official(t))
	j := inv.Jar
	if j == nil || j.Layout != "ark-biz" || !j.Mark || j.Manifest["Ark-Biz-Version"] != "1.0.0" || !strings.HasSuffix(j.Manifest["declared-libraries"], "mybatis,") {
		t.Fatalf("biz: %+v", j)
	}
	if _, ok := inv.Classes["com.acme.mod.ModApp"]; !ok {
		t.Errorf("root classes: %v", inv.Classes)
	}
	if len(inv.Find("org.mybatis:mybatis")) != 1 {
		t.Error("lib/ jars are the biz's libraries")
	}
}

func TestJarLimits(t *testing.T) {
	old := maxNestedJar
	maxNestedJar = 100
	defer func() { maxNestedJar = old }()
	inv := Load(filepath.Join(jarDir, "base-boot.jar"), official(t))
	skipped := 0
	for _, n := range inv.Notices {
		if n.Code == NoticeSkippedEntry && n.Level == reports.NoticeWarning {
			skipped++
		}
	}
	if skipped != 9 || len(inv.Artifacts) != 0 {
		t.Errorf("skipped %d nested jars, %d artifacts left", skipped, len(inv.Artifacts))
	}
}

func TestNestedJarsNeverTouchDisk(t *testing.T) {
	// A nested entry named like a path escape is read in memory only and reported by its chain.
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	f, _ := w.CreateHeader(&zip.FileHeader{Name: "BOOT-INF/lib/../../evil-1.0.jar", Method: zip.Store})
	_, _ = f.Write(lib(t, "com.evil", "evil", "1.0"))
	f, _ = w.CreateHeader(&zip.FileHeader{Name: "BOOT-INF/classes/A.class", Method: zip.Store})
	_, _ = f.Write([]byte("x"))
	_ = w.Close()
	p := filepath.Join(t.TempDir(), "slip.jar")
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	inv := Load(p, official(t))
	if len(inv.Artifacts) != 1 || !strings.Contains(inv.Artifacts[0].Path, "!/BOOT-INF/lib/../../evil-1.0.jar") {
		t.Errorf("artifacts %+v", inv.Artifacts)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(p), "..", "evil-1.0.jar")); err == nil {
		t.Error("something was extracted")
	}
}

func TestLoadPom(t *testing.T) {
	inv := Load("../testdata/adapters/base", official(t))
	got := map[string]string{}
	for _, a := range inv.Artifacts {
		got[a.GA()] = a.Version + " " + a.Scope
		if a.Inferred {
			got[a.GA()] += " inferred"
		}
	}
	want := map[string]string{
		"org.springframework.boot:spring-boot-starter-web": "2.7.10 compile inferred",
		"org.apache.dubbo:dubbo":                           "2.7.23 compile",
		"ch.qos.logback:logback-classic":                   "1.2.12 compile",
		"org.apache.commons:commons-lang3":                 "3.12.0 compile",
		"com.google.guava:guava":                           "31.1-jre provided",
		"com.acme:acme-legacy":                             " compile",
		"org.mybatis:mybatis":                              "3.5.15 test",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("pom inventory:\n%v\nwant\n%v", got, want)
	}
	if inv.Resolved {
		t.Error("a pom alone is not resolved")
	}
	multi := Load("../testdata/adapters/multi", official(t))
	for _, a := range multi.Artifacts {
		if a.ArtifactID == "multi-lib" {
			t.Error("reactor modules are not dependencies")
		}
	}
}

func TestForBase(t *testing.T) {
	cat, inv, notices := ForBase("../testdata/adapters/base-plugin", []string{"../testdata/adapters/mappings/acme.yaml"})
	if inv == nil || !inv.BuildPlugin || inv.CustomMapping == "" {
		t.Fatalf("inventory %+v", inv)
	}
	if got := cat.Adapter("com.alipay.sofa.koupleless:koupleless-adapter-logback").Version; got != "1.2.8" {
		t.Errorf("base mapping must win: %s", got)
	}
	if cat.Adapter("com.acme.koupleless:acme-commons-lang3-adapter") == nil {
		t.Error("user mapping missing")
	}
	for _, n := range notices {
		if n.Level == reports.NoticeError {
			t.Errorf("unexpected error notice %+v", n)
		}
	}
	fs := []reports.Finding{{Location: reports.Location{Symbol: "ch.qos.logback.classic.Logger#callAppenders"}}}
	cat.Annotate(fs, inv)
	if len(fs[0].Adapters) != 1 || !fs[0].Adapters[0].InBase || fs[0].Adapters[0].Version != "1.2.8" {
		t.Errorf("annotation %+v", fs[0].Adapters)
	}
}

func FuzzParseMavenOutput(f *testing.F) {
	for _, p := range []string{"../testdata/adapters/maven/dependency-list.txt", "../testdata/adapters/maven/dependency-tree.txt"} {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		arts, _, _ := parseMavenOutput(data)
		for _, a := range arts {
			if a.GroupID == "" || a.ArtifactID == "" || a.Version == "" {
				t.Fatalf("empty coordinate part in %+v", a)
			}
		}
	})
}

func FuzzReadArchive(f *testing.F) {
	for _, n := range []string{"half-module-ark-biz.jar", "module-fat.jar"} {
		if data, err := os.ReadFile(filepath.Join(jarDir, n)); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return
		}
		readArchive(&Inventory{}, "fuzz.jar", zr)
	})
}
