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
	sc, err := LoadScenario(p)
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
		_, err := ParseScenario([]byte(src))
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
