package harness

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLoadScenario(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "s.yaml")
	os.WriteFile(p, []byte(`
name: two modules
base:
  jar: base.jar
  javaOptions: [-Xmx256m]
  bizClassLoader: com.example.Loader
modules:
  - jar: mods/a.jar
  - jar: /abs/b.jar
    args: [--x]
cycles: 5
timeouts: {install: 30s, start: 2m}
thresholds: {classGrowthPerCycle: 10}
probes: {gcRuns: 4, ignoreThreads: ["^my-base-"]}
`), 0o644)
	sc, err := loadScenario(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := sc.Normalize(); err != nil {
		t.Fatal(err)
	}
	if sc.Base.Jar != filepath.Join(dir, "base.jar") || sc.Modules[0].Jar != filepath.Join(dir, "mods/a.jar") || sc.Modules[1].Jar != "/abs/b.jar" {
		t.Errorf("paths not resolved against the file: %+v", sc)
	}
	if sc.Cycles != 5 || sc.Timeouts.Install != 30*time.Second || sc.Timeouts.Start != 2*time.Minute ||
		sc.Timeouts.Uninstall != 2*time.Minute || sc.Thresholds.ClassGrowthPerCycle != 10 || sc.Probes.GCRuns != 4 ||
		sc.Base.BizClassLoader != "com.example.Loader" || sc.Runtime != "process" || sc.Modules[1].Args[0] != "--x" {
		t.Errorf("values/defaults wrong: %+v", sc)
	}
}

func TestScenarioErrors(t *testing.T) {
	for src, want := range map[string]string{
		"base: {jar: b.jar}\nmodules: [{jar: a.jar}]\ncylces: 3\n":                 "field cylces not found",
		"base: {jar: b.jar, port: 1}\nmodules: [{jar: a.jar}]\n":                   "field port not found",
		"base: {jar: b.jar}\nmodules: [{jar: a.jar}]\ntimeouts: {install: soon}\n": "soon",
		"": "empty scenario",
	} {
		_, err := parseScenario([]byte(src))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: want error with %q, got %v", src, want, err)
		}
	}
	for _, sc := range []*Scenario{
		{Modules: []ModuleConfig{{Jar: "a.jar"}}},
		{Base: BaseConfig{Jar: "b.jar"}},
		{Base: BaseConfig{Jar: "b.jar"}, Modules: []ModuleConfig{{Jar: "a.jar"}}, Cycles: -1},
		{Base: BaseConfig{Jar: "b.jar"}, Modules: []ModuleConfig{{Jar: "a.jar"}}, Probes: ProbeConfig{IgnoreThreads: []string{"("}}},
	} {
		if err := sc.Normalize(); err == nil {
			t.Errorf("scenario %+v should be invalid", sc)
		}
	}
}

func TestLoadScenariosList(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "s.yaml")
	os.WriteFile(p, []byte(`
scenarios:
  - name: one
    base: {jar: "${FIX}/base.jar"}
    modules:
      - jar: a.jar
        expect: {fail: [KP8002, KP8001], reason: "vendor thread, JIRA-123"}
    order: [a]
    concurrency: 2
  - base: {jar: base.jar, container: {image: my/base:1, jcmd: "-"}}
    runtime: container
    modules: [{jar: b.jar}]
    batch: true
    timeouts: {install: 5s}
    thresholds: {retainedLoaders: 1}
`), 0o644)
	scs, err := loadScenarios(p, func(k string) (string, bool) { return "/fix", k == "FIX" })
	if err != nil {
		t.Fatal(err)
	}
	if len(scs) != 2 {
		t.Fatalf("%d scenarios", len(scs))
	}
	one, two := scs[0], scs[1]
	for _, sc := range scs {
		if err := sc.Normalize(); err != nil {
			t.Fatal(err)
		}
	}
	if one.Name != "one" || one.Base.Jar != "/fix/base.jar" || one.Modules[0].Jar != filepath.Join(dir, "a.jar") ||
		one.Concurrency != 2 || one.Order[0] != "a" || !one.Modules[0].expects("KP8001") || one.Modules[0].expects("KP8003") {
		t.Errorf("first: %+v", one)
	}
	if two.Name != p+"#2" || !two.Batch || two.Concurrency != 1 || two.Runtime != "container" || two.Base.Container == nil ||
		two.Base.Container.Image != "my/base:1" || two.Timeouts.Install != 5*time.Second || two.Thresholds.RetainedLoaders != 1 ||
		two.Modules[0].Expect != nil {
		t.Errorf("second: %+v", two)
	}
	t.Setenv("FIX", "/fix")
	if _, err := loadScenario(p); err == nil || !strings.Contains(err.Error(), "holds 2 scenarios") {
		t.Errorf("LoadScenario of two: %v", err)
	}
	if _, err := loadScenarios(p, func(string) (string, bool) { return "", false }); err == nil || !strings.Contains(err.Error(), "unset environment variable(s) FIX") {
		t.Errorf("unset variable: %v", err)
	}
	// The single form still loads, also as a list of one.
	os.WriteFile(p, []byte("scenarios:\n  - base: {jar: b.jar}\n    modules: [{jar: a.jar}]\n"), 0o644)
	if sc, err := loadScenario(p); err != nil || sc.Name != p {
		t.Errorf("list of one: %+v %v", sc, err)
	}
}

func TestScenarioGrammarErrors(t *testing.T) {
	for src, want := range map[string]string{
		"name: x\nscenarios:\n  - base: {jar: b.jar}\n    modules: [{jar: a.jar}]\n":              "exclusive",
		"scenarios:\n  - base: {jar: b.jar}\n    modules: [{jar: a.jar}]\n    cycels: 2\n":        "field cycels not found",
		"base: {jar: b.jar}\nmodules: [{jar: a.jar, expect: {fail: [KP8002], why: x}}]\n":         "field why not found",
		"base: {jar: b.jar, container: {imag: x}}\nmodules: [{jar: a.jar}]\nruntime: container\n": "field imag not found",
		"base: {jar: b.jar}\nmodules: [{jar: a.jar}]\nconcurrency: many\n":                        "many",
	} {
		_, err := parseScenarios([]byte(src))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: want error with %q, got %v", src, want, err)
		}
	}
	mod := func(e *Expectation) []ModuleConfig { return []ModuleConfig{{Jar: "a.jar", Expect: e}} }
	for want, sc := range map[string]*Scenario{
		"expect.reason is required":     {Base: BaseConfig{Jar: "b.jar"}, Modules: mod(&Expectation{Fail: []string{"KP8002"}})},
		"expect.fail must list":         {Base: BaseConfig{Jar: "b.jar"}, Modules: mod(&Expectation{Reason: "r"})},
		`"KP1001" is not a KP8 rule`:    {Base: BaseConfig{Jar: "b.jar"}, Modules: mod(&Expectation{Fail: []string{"KP1001"}, Reason: "r"})},
		"concurrency must be at least":  {Base: BaseConfig{Jar: "b.jar"}, Modules: mod(nil), Concurrency: -2},
		"order names 2 module(s)":       {Base: BaseConfig{Jar: "b.jar"}, Modules: mod(nil), Order: []string{"a", "b"}},
		"base.container is set but the": {Base: BaseConfig{Jar: "b.jar", Container: &ContainerConfig{}}, Modules: mod(nil)},
	} {
		err := sc.Normalize()
		if err == nil {
			_, err = sc.NewRuntime(t.Context())
		}
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("want error with %q, got %v", want, err)
		}
	}
}

func TestOrderModules(t *testing.T) {
	mk := func(name, jar string) *modState {
		return &modState{jar: &bizJar{Name: name, Version: "1.0.0"}, cfg: ModuleConfig{Jar: "/m/" + jar}}
	}
	a, b, c := mk("a", "a.jar"), mk("b", "bee.jar"), mk("c", "c.jar")
	mods := []*modState{a, b, c}
	got, err := orderModules(mods, []string{"c:1.0.0", "bee.jar", "a"})
	if err != nil || got[0] != c || got[1] != b || got[2] != a {
		t.Errorf("order: %v %v", got, err)
	}
	for refs, want := range map[string]string{"x,a,b": `"x" names no module`, "a,a,b": "a:1.0.0 listed twice"} {
		if _, err := orderModules(mods, strings.Split(refs, ",")); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: want %q, got %v", refs, want, err)
		}
	}
	if got, _ := orderModules(mods, nil); got[0] != a || got[2] != c {
		t.Error("no order keeps the listed one")
	}
}
