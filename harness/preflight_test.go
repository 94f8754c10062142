package harness

import (
	"archive/zip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// testJar writes a jar with a MANIFEST main section and the given empty entries.
func testJar(t *testing.T, name string, manifest map[string]string, entries ...string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	w, _ := zw.Create("META-INF/MANIFEST.MF")
	mf := "Manifest-Version: 1.0\r\n"
	for k, v := range manifest {
		mf += k + ": " + v + "\r\n"
	}
	w.Write([]byte(mf + "\r\n"))
	for _, e := range entries {
		if _, err := zw.Create(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return p
}

func testBiz(t *testing.T, name, version string, extra map[string]string, entries ...string) string {
	mf := map[string]string{"Ark-Biz-Name": name, "Ark-Biz-Version": version}
	for k, v := range extra {
		mf[k] = v
	}
	return testJar(t, name+".jar", mf, append(entries, "com/alipay/sofa/ark/biz/mark")...)
}

func TestInspectBase(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		entries []string
		kind    baseKind
		boot    bool
		err     string
	}{
		{[]string{"kompat/refbase/Main.class"}, baseReference, false, ""},
		{[]string{"BOOT-INF/classes/App.class", "BOOT-INF/lib/koupleless-base-starter-2.1.0.jar"}, baseKoupleless, true, ""},
		{[]string{"BOOT-INF/lib/arklet-core-1.2.3.jar"}, baseKoupleless, true, ""},
		{[]string{"BOOT-INF/classes/App.class", "BOOT-INF/lib/spring-boot-3.2.0.jar"}, "", true, "is not a Koupleless base: no koupleless-base-starter or arklet-core jar under BOOT-INF/lib"},
		{[]string{"com/example/App.class"}, "", false, "is not a Koupleless base"},
	} {
		jar := testJar(t, "base.jar", map[string]string{"Main-Class": "x"}, c.entries...)
		kind, boot, err := inspectBase(jar)
		if kind != c.kind || boot != c.boot || (c.err == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), c.err)) {
			t.Errorf("%v: %q %v %v", c.entries, kind, boot, err)
		}
	}
	if k, _, err := inspectBase(""); k != baseCommand || err != nil {
		t.Errorf("command base: %q %v", k, err)
	}
	if _, _, err := inspectBase(filepath.Join(t.TempDir(), "none.jar")); err == nil || !strings.Contains(err.Error(), "cannot be read as a jar") {
		t.Errorf("missing jar: %v", err)
	}
}

func TestPreflight(t *testing.T) {
	t.Parallel()
	base := testJar(t, "base.jar", nil, "BOOT-INF/lib/koupleless-base-starter-2.1.0.jar")
	plain := testJar(t, "plain.jar", nil, "BOOT-INF/lib/spring-boot-3.2.0.jar")
	a := testBiz(t, "a", "1.0", map[string]string{"web-context-path": "a"})
	b := testBiz(t, "b", "2.0", nil)                                                // no web-context-path, no web libs: not a web module
	web1 := testBiz(t, "web1", "1.0", nil, "lib/tomcat-embed-core-10.1.0.jar")      // web, default "/"
	web2 := testBiz(t, "web2", "1.0", map[string]string{"web-context-path": "/"})   // web, "/"
	web3 := testBiz(t, "web3", "1.0", map[string]string{"web-context-path": "/a/"}) // collides with a
	sc := func(baseJar string, mods ...ModuleConfig) *Scenario {
		return &Scenario{Base: BaseConfig{Jar: baseJar}, Modules: mods}
	}
	for name, c := range map[string]struct {
		sc   *Scenario
		errs []string
	}{
		"fine":             {sc(base, ModuleConfig{Jar: a}, ModuleConfig{Jar: b, Name: "b", Version: "2.0"}, ModuleConfig{Jar: web1}), nil},
		"command base":     {&Scenario{Base: BaseConfig{Command: []string{"java", "-jar", "x.jar"}}, Modules: []ModuleConfig{{Jar: a}}}, nil},
		"not koupleless":   {sc(plain, ModuleConfig{Jar: a}), []string{"plain.jar is not a Koupleless base"}},
		"name override":    {sc(base, ModuleConfig{Jar: a, Name: "other"}), []string{`names it "other", its MANIFEST Ark-Biz-Name is "a"`}},
		"version override": {sc(base, ModuleConfig{Jar: b, Version: "9"}), []string{`version "9", its MANIFEST Ark-Biz-Version is "2.0"`}},
		"two default web":  {sc(base, ModuleConfig{Jar: web1}, ModuleConfig{Jar: web2}), []string{`web1:1.0 and web2:1.0 are both web modules with web-context-path "/"`}},
		"same path":        {sc(base, ModuleConfig{Jar: a}, ModuleConfig{Jar: web3}), []string{`a:1.0 and web3:1.0 are both web modules with web-context-path "/a"`}},
		"not a biz":        {sc(base, ModuleConfig{Jar: plain}), []string{"not an ark-biz jar"}},
		"every problem": {sc(plain, ModuleConfig{Jar: a, Name: "x"}, ModuleConfig{Jar: web1}, ModuleConfig{Jar: web2}),
			[]string{"not a Koupleless base", `names it "x"`, "both web modules"}},
	} {
		err := c.sc.preflight()
		if len(c.errs) == 0 {
			if err != nil {
				t.Errorf("%s: %v", name, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		for _, want := range c.errs {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: %v\nwants %q", name, err, want)
			}
		}
	}
}

// Run checks before it starts anything: a runtime that would start a base is never asked.
func TestRunPreflightStartsNothing(t *testing.T) {
	t.Parallel()
	base := testJar(t, "base.jar", nil, "BOOT-INF/lib/spring-boot-3.2.0.jar")
	sc := &Scenario{Base: BaseConfig{Jar: base}, Modules: []ModuleConfig{{Jar: testBiz(t, "a", "1", nil)}}}
	rt := &countingRuntime{}
	if _, err := run(t.Context(), sc, options{Runtime: rt}); err == nil || !strings.Contains(err.Error(), "is not a Koupleless base") {
		t.Fatalf("err %v", err)
	}
	if rt.starts != 0 {
		t.Errorf("%d base(s) started", rt.starts)
	}
}

type countingRuntime struct{ starts int }

func (*countingRuntime) Name() string { return "counting" }
func (r *countingRuntime) Start(ctx context.Context, spec baseSpec) (base, error) {
	r.starts++
	return nil, errors.New("not started")
}
