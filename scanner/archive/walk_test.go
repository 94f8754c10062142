package archive

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/kompat/kompat/reports"
	"github.com/kompat/kompat/scanner/classfile"
)

type zent struct {
	name  string
	data  []byte
	store bool
}

func mkzip(t testing.TB, ents ...zent) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range ents {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate}
		if e.store {
			h.Method = zip.Store
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(e.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// classBytes is a minimal valid class file for an internal name.
func classBytes(name string) []byte {
	b := []byte{0xCA, 0xFE, 0xBA, 0xBE, 0, 0, 0, 52, 0, 3, 1}
	b = append(b, byte(len(name)>>8), byte(len(name)))
	b = append(b, name...)
	b = append(b, 7, 0, 1, 0, 0x21, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
	return b
}

func cls(name string) zent { return zent{name: name + ".class", data: classBytes(name)} }

func pom(g, a, v string) zent {
	return zent{name: "META-INF/maven/" + g + "/" + a + "/pom.properties", data: []byte("#x\ngroupId=" + g + "\nartifactId=" + a + "\nversion=" + v + "\n")}
}

func manifest(kv ...string) zent {
	var s strings.Builder
	s.WriteString("Manifest-Version: 1.0\r\n")
	for i := 0; i+1 < len(kv); i += 2 {
		s.WriteString(kv[i] + ": " + kv[i+1] + "\r\n")
	}
	s.WriteString("\r\n")
	return zent{name: "META-INF/MANIFEST.MF", data: []byte(s.String())}
}

type result struct {
	entries []*Entry
	notices []reports.Notice
}

func (r *result) byPath(p string) *Entry {
	for _, e := range r.entries {
		if e.Path == p {
			return e
		}
	}
	return nil
}

func (r *result) count(k Kind) int {
	n := 0
	for _, e := range r.entries {
		if e.Kind == k {
			n++
		}
	}
	return n
}

func walkFile(t testing.TB, name string, data []byte, opts Options) *result {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return walkPath(t, p, opts)
}

func walkPath(t testing.TB, p string, opts Options) *result {
	t.Helper()
	r := &result{}
	opts.Notice = func(n reports.Notice) { r.notices = append(r.notices, n) }
	err := Walk(context.Background(), p, opts, func(e *Entry) error {
		c := *e
		c.Data = append([]byte(nil), e.Data...)
		c.Path = strings.TrimPrefix(c.Path, filepath.ToSlash(filepath.Dir(p))+"/")
		r.entries = append(r.entries, &c)
		return nil
	})
	if err != nil {
		t.Fatalf("walk: %v", err)
	}
	return r
}

func TestFatJar(t *testing.T) {
	lib := mkzip(t, manifest("Implementation-Title", "ignored"), pom("com.x", "x", "1.2"), cls("com/x/X"),
		zent{name: "META-INF/services/java.sql.Driver", data: []byte("com.x.Driver\n")},
		zent{name: "native/linux/libx.so", data: []byte{0x7f, 'E', 'L', 'F'}})
	app := mkzip(t, manifest("Main-Class", "org.springframework.boot.loader.JarLauncher", "Start-Class", "com.acme.App"),
		pom("com.acme", "app", "0.1"),
		cls("org/springframework/boot/loader/JarLauncher"),
		cls("BOOT-INF/classes/com/acme/App"),
		zent{name: "BOOT-INF/lib/x-1.2.jar", data: lib, store: true},
		zent{name: "BOOT-INF/classes/application.properties", data: []byte("a=b")})
	r := walkFile(t, "app.jar", app, Options{})
	if len(r.notices) != 0 {
		t.Errorf("notices: %+v", r.notices)
	}
	top := r.byPath("app.jar")
	if top == nil || top.Kind != KindArchive || top.Archive.Layout != LayoutBoot || top.Archive.Artifact.GAV() != "com.acme:app:0.1" ||
		top.Archive.ManifestValue("start-class") != "com.acme.App" || len(top.Archive.Nested) != 1 {
		t.Fatalf("top = %+v", top)
	}
	want := map[string]Role{
		"app.jar!/org/springframework/boot/loader/JarLauncher.class":         RoleBootLoader,
		"app.jar!/BOOT-INF/classes/com/acme/App.class":                       RoleBootApp,
		"app.jar!/BOOT-INF/lib/x-1.2.jar":                                    RoleBootLib,
		"app.jar!/BOOT-INF/lib/x-1.2.jar!/com/x/X.class":                     RoleBootLib,
		"app.jar!/BOOT-INF/lib/x-1.2.jar!/META-INF/services/java.sql.Driver": RoleBootLib,
		"app.jar!/BOOT-INF/lib/x-1.2.jar!/native/linux/libx.so":              RoleBootLib,
	}
	for p, role := range want {
		e := r.byPath(p)
		if e == nil {
			t.Errorf("missing %s", p)
			continue
		}
		if e.Role != role {
			t.Errorf("%s role = %v, want %v", p, e.Role, role)
		}
	}
	if e := r.byPath("app.jar!/BOOT-INF/classes/com/acme/App.class"); e != nil && (e.Name != "com/acme/App.class" || e.Archive != top.Archive) {
		t.Errorf("app class = %+v", e)
	}
	x := r.byPath("app.jar!/BOOT-INF/lib/x-1.2.jar!/com/x/X.class")
	if x != nil {
		a := x.Archive
		if a.Artifact != (Artifact{"com.x", "x", "1.2", "pom.properties"}) || a.Depth != 1 || a.Parent != top.Archive || a.Name != "BOOT-INF/lib/x-1.2.jar" ||
			!a.JDBCDriver || len(a.Native) != 1 || a.Layout != LayoutPlain {
			t.Errorf("lib archive = %+v", a)
		}
		if _, err := classfile.Parse(x.Data); err != nil {
			t.Errorf("class data: %v", err)
		}
	}
	if s := r.byPath("app.jar!/BOOT-INF/lib/x-1.2.jar!/META-INF/services/java.sql.Driver"); s == nil || s.Kind != KindService || string(s.Data) != "com.x.Driver\n" {
		t.Errorf("service = %+v", s)
	}
	if r.count(KindClass) != 3 {
		t.Errorf("classes = %d", r.count(KindClass))
	}
}

func TestArkLayouts(t *testing.T) {
	y := mkzip(t, manifest("Bundle-SymbolicName", "org.y.core;singleton:=true", "Bundle-Version", "2.0.1"), cls("org/y/Y"))
	z := mkzip(t, cls("org/z/Z"))
	biz := mkzip(t, manifest("Ark-Biz-Name", "mod", "Ark-Biz-Version", "1.0"),
		zent{name: "com/alipay/sofa/ark/biz/mark", data: nil},
		cls("com/acme/Mod"),
		zent{name: "lib/y.jar", data: y},
		zent{name: "lib/z-3.1.jar", data: z})
	r := walkFile(t, "mod-ark-biz.jar", biz, Options{})
	top := r.byPath("mod-ark-biz.jar")
	if top == nil || top.Archive.Layout != LayoutBiz {
		t.Fatalf("top = %+v", top)
	}
	if e := r.byPath("mod-ark-biz.jar!/com/acme/Mod.class"); e == nil || e.Role != RoleBizRoot {
		t.Errorf("root class = %+v", e)
	}
	if e := r.byPath("mod-ark-biz.jar!/lib/y.jar!/org/y/Y.class"); e == nil || e.Role != RoleBizLib || e.Archive.Artifact != (Artifact{"", "org.y.core", "2.0.1", "manifest"}) {
		t.Errorf("lib y = %+v", e)
	}
	if e := r.byPath("mod-ark-biz.jar!/lib/z-3.1.jar!/org/z/Z.class"); e == nil || e.Role != RoleBizLib || e.Archive.Artifact != (Artifact{"", "z", "3.1", "filename"}) {
		t.Errorf("lib z = %+v", e)
	}

	plugin := mkzip(t, zent{name: "com/alipay/sofa/ark/plugin/mark"}, cls("com/p/P"), zent{name: "lib/q-1.jar", data: mkzip(t, cls("com/q/Q"))})
	r = walkFile(t, "p-ark-plugin.jar", plugin, Options{})
	if e := r.byPath("p-ark-plugin.jar!/com/p/P.class"); e == nil || e.Role != RolePlugin || e.Archive.Layout != LayoutPlugin {
		t.Errorf("plugin class = %+v", e)
	}
	if e := r.byPath("p-ark-plugin.jar!/lib/q-1.jar!/com/q/Q.class"); e == nil || e.Role != RolePluginLib {
		t.Errorf("plugin lib = %+v", e)
	}

	war := mkzip(t, cls("WEB-INF/classes/com/w/W"), zent{name: "WEB-INF/lib/l-1.jar", data: mkzip(t, cls("com/l/L"))})
	ear := mkzip(t, zent{name: "web.war", data: war}, zent{name: "lib/e-1.jar", data: mkzip(t, cls("com/e/E"))})
	r = walkFile(t, "app.ear", ear, Options{})
	if e := r.byPath("app.ear!/web.war!/WEB-INF/classes/com/w/W.class"); e == nil || e.Role != RoleWebApp || e.Archive.Layout != LayoutWar || e.Archive.Depth != 1 {
		t.Errorf("war class = %+v", e)
	}
	if e := r.byPath("app.ear!/web.war!/WEB-INF/lib/l-1.jar!/com/l/L.class"); e == nil || e.Role != RoleWebLib || e.Archive.Depth != 2 {
		t.Errorf("war lib = %+v", e)
	}
	if e := r.byPath("app.ear!/lib/e-1.jar!/com/e/E.class"); e == nil || e.Role != RoleEarLib {
		t.Errorf("ear lib = %+v", e)
	}
}

func TestMultiRelease(t *testing.T) {
	ents := []zent{cls("com/a/A"), cls("com/a/B"), cls("META-INF/versions/9/com/a/A"), cls("META-INF/versions/21/com/a/A"),
		cls("META-INF/versions/11/module-info")}
	mr := mkzip(t, append([]zent{manifest("Multi-Release", "true")}, ents...)...)
	names := func(r *result) string {
		var out []string
		for _, e := range r.entries {
			if e.Kind == KindClass {
				out = append(out, fmt.Sprintf("%s@%d", e.Name, e.Release))
			}
		}
		sort.Strings(out)
		return strings.Join(out, " ")
	}
	if got := names(walkFile(t, "mr.jar", mr, Options{})); got != "com/a/A.class@9 com/a/B.class@0 module-info.class@11" {
		t.Errorf("release 17: %s", got)
	}
	if got := names(walkFile(t, "mr.jar", mr, Options{Release: 8})); got != "com/a/A.class@0 com/a/B.class@0" {
		t.Errorf("release 8: %s", got)
	}
	if got := names(walkFile(t, "mr.jar", mr, Options{Release: 25})); got != "com/a/A.class@21 com/a/B.class@0 module-info.class@11" {
		t.Errorf("release 25: %s", got)
	}
	if got := names(walkFile(t, "mr.jar", mr, Options{AllReleases: true})); got != "com/a/A.class@0 com/a/A.class@21 com/a/A.class@9 com/a/B.class@0 module-info.class@11" {
		t.Errorf("all: %s", got)
	}
	// without Multi-Release: true the versioned copies are ignored, as the JVM does
	if got := names(walkFile(t, "plain.jar", mkzip(t, ents...), Options{})); got != "com/a/A.class@0 com/a/B.class@0" {
		t.Errorf("not multi-release: %s", got)
	}
}

func TestDirectory(t *testing.T) {
	dir := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(dir, "classes/com/acme"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "classes/com/acme/Foo.class"), classBytes("com/acme/Foo"), 0o644))
	must(os.WriteFile(filepath.Join(dir, "lib-1.0.jar"), mkzip(t, cls("com/l/L")), 0o644))
	must(os.Symlink("lib-1.0.jar", filepath.Join(dir, "lib.jar")))
	must(os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("hi"), 0o644))
	r := walkPath(t, dir, Options{})
	if len(r.notices) != 0 {
		t.Errorf("notices: %+v", r.notices)
	}
	base := filepath.Base(dir)
	if e := r.byPath(base + "/classes/com/acme/Foo.class"); e == nil || e.Role != RolePlain || e.Archive.Layout != LayoutDir {
		t.Errorf("loose class = %+v (entries %d)", e, len(r.entries))
	}
	if r.count(KindClass) != 2 {
		t.Errorf("classes = %d, want 2 (the symlinked jar is walked once)", r.count(KindClass))
	}
	if e := r.byPath(base + "/lib-1.0.jar!/com/l/L.class"); e == nil || e.Archive.Artifact.Version != "1.0" || e.Archive.Depth != 0 {
		t.Errorf("jar in dir = %+v", e)
	}
	// an exploded ark-biz jar gets the packed jar's roles, with directory paths
	biz := filepath.Join(dir, "biz")
	must(os.MkdirAll(filepath.Join(biz, "com/alipay/sofa/ark/biz"), 0o755))
	must(os.MkdirAll(filepath.Join(biz, "com/acme"), 0o755))
	must(os.MkdirAll(filepath.Join(biz, "lib"), 0o755))
	must(os.WriteFile(filepath.Join(biz, "com/alipay/sofa/ark/biz/mark"), nil, 0o644))
	must(os.WriteFile(filepath.Join(biz, "com/acme/Mod.class"), classBytes("com/acme/Mod"), 0o644))
	must(os.WriteFile(filepath.Join(biz, "lib/y-1.jar"), mkzip(t, cls("org/y/Y")), 0o644))
	r = walkPath(t, biz, Options{})
	if e := r.byPath("biz/com/acme/Mod.class"); e == nil || e.Role != RoleBizRoot || e.Archive.Layout != LayoutBiz {
		t.Errorf("exploded biz class = %+v", e)
	}
	if e := r.byPath("biz/lib/y-1.jar!/org/y/Y.class"); e == nil || e.Role != RoleBizLib || e.Archive.Artifact.ArtifactID != "y" {
		for _, x := range r.entries {
			t.Log(x.Path)
		}
		t.Errorf("exploded biz lib = %+v", e)
	}
	// a single class file
	r = walkPath(t, filepath.Join(dir, "classes/com/acme/Foo.class"), Options{})
	if r.count(KindClass) != 1 {
		t.Errorf("single class: %d", r.count(KindClass))
	}
	if err := Walk(context.Background(), filepath.Join(dir, "missing"), Options{}, func(*Entry) error { return nil }); err == nil {
		t.Error("missing input: no error")
	}
}

func TestJmod(t *testing.T) {
	jm := append([]byte{'J', 'M', 1, 0}, mkzip(t, cls("classes/java/lang/Foo"), zent{name: "lib/libfoo.so", data: []byte("x")}, zent{name: "classes/module-info.class", data: classBytes("module-info")})...)
	r := walkFile(t, "java.foo.jmod", jm, Options{})
	if len(r.notices) != 0 || r.count(KindClass) != 2 || r.count(KindNative) != 0 {
		t.Fatalf("notices %+v, entries %d", r.notices, len(r.entries))
	}
	if e := r.byPath("java.foo.jmod!/classes/java/lang/Foo.class"); e == nil || e.Name != "java/lang/Foo.class" || e.Archive.Layout != LayoutJmod {
		t.Errorf("jmod class = %+v", e)
	}
}

func TestSkipArchive(t *testing.T) {
	app := mkzip(t, cls("com/a/A"), zent{name: "lib/skip-1.jar", data: mkzip(t, cls("com/s/S"))}, zent{name: "lib/keep-1.jar", data: mkzip(t, cls("com/k/K"))})
	p := filepath.Join(t.TempDir(), "app.jar")
	if err := os.WriteFile(p, app, 0o644); err != nil {
		t.Fatal(err)
	}
	var seen []string
	err := Walk(context.Background(), p, Options{}, func(e *Entry) error {
		if e.Kind == KindArchive && e.Archive.Artifact.ArtifactID == "skip" {
			return ErrSkipArchive
		}
		if e.Kind == KindClass {
			seen = append(seen, e.Name)
		}
		return nil
	})
	if err != nil || strings.Join(seen, ",") != "com/a/A.class,com/k/K.class" {
		t.Errorf("seen %v, err %v", seen, err)
	}
	stop := errors.New("stop")
	if err := Walk(context.Background(), p, Options{}, func(e *Entry) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("visit error not returned: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Walk(ctx, p, Options{}, func(e *Entry) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled: %v", err)
	}
}

func TestIdentity(t *testing.T) {
	cases := []struct {
		file string
		poms []map[string]string
		mf   map[string]string
		want Artifact
	}{
		{"guava-31.1-jre.jar", nil, nil, Artifact{"", "guava", "31.1-jre", "filename"}},
		{"commons-lang3.jar", nil, map[string]string{"Implementation-Vendor-Id": "org.apache.commons", "Implementation-Title": "Apache Commons Lang", "Bundle-SymbolicName": "org.apache.commons.lang3", "Bundle-Version": "3.12.0"},
			Artifact{"org.apache.commons", "org.apache.commons.lang3", "3.12.0", "manifest"}},
		{"shaded-1.0.jar", []map[string]string{{"groupId": "g", "artifactId": "inner", "version": "9"}, {"groupId": "g", "artifactId": "shaded", "version": "1.0"}}, nil,
			Artifact{"g", "shaded", "1.0", "pom.properties"}},
		{"weird.jar", nil, nil, Artifact{"", "weird", "", "filename"}},
	}
	for _, c := range cases {
		if got := identify(c.file, c.poms, c.mf); got != c.want {
			t.Errorf("identify(%s) = %+v, want %+v", c.file, got, c.want)
		}
	}
	mf := parseManifest([]byte("Manifest-Version: 1.0\r\ndeclared-libraries: a,b,c,dddddddddddddddddddddddddddddddddddddddddddddddddddddddddd\r\n ,e,f\r\nX: y\r\n\r\nName: foo\r\nX: z\r\n"))
	if mf["declared-libraries"] != "a,b,c,dddddddddddddddddddddddddddddddddddddddddddddddddddddddddd,e,f" || mf["X"] != "y" {
		t.Errorf("manifest = %v", mf)
	}
}

func TestSafeName(t *testing.T) {
	for in, want := range map[string]string{"a/b.class": "a/b.class", "a/./b": "a/b", "a//b": "a/b"} {
		if got, ok := safeName(in); !ok || got != want {
			t.Errorf("safeName(%q) = %q %v", in, got, ok)
		}
	}
	for _, bad := range []string{"../x", "a/../../x", "/etc/passwd", "a\\b", "C:/x", "a/../b", "x\x00y", ".."} {
		if _, ok := safeName(bad); ok {
			t.Errorf("safeName(%q) accepted", bad)
		}
	}
}
