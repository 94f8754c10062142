package harness

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// DefaultBizClassLoader is the class of a Koupleless biz loader (and of the reference base's).
const DefaultBizClassLoader = "com.alipay.sofa.ark.container.service.classloader.BizClassLoader"

// defaultLeakCheckCommand is the optional base-side arklet command that reports, after GC, which
// uninstalled biz loaders are alive and what holds them (the reference base has it).
const defaultLeakCheckCommand = "kompatLeakCheck"

// Scenario is one verify run: a base, the modules installed side by side into it, and how often
// to cycle them. It is what `kompat verify -f scenario.yaml` reads; unknown keys are an error. A
// file holds one scenario, or several under a top-level `scenarios:` list (see LoadScenarios).
type Scenario struct {
	Name       string         `yaml:"name"`
	Runtime    string         `yaml:"runtime"` // process (default) or container
	Base       BaseConfig     `yaml:"base"`
	Modules    []ModuleConfig `yaml:"modules"`
	Cycles     int            `yaml:"cycles"`
	Timeouts   Timeouts       `yaml:"timeouts"`
	Thresholds Thresholds     `yaml:"thresholds"`
	Probes     ProbeConfig    `yaml:"probes"`
	// Order is the install order: module references (Ark-Biz-Name, name:version or the jar's file
	// name) that must name every module once. Empty means the order of Modules. Uninstalls follow
	// the same order.
	Order []string `yaml:"order"`
	// Concurrency is how many installs (and uninstalls) run at once, each on its own connection and
	// never two on the same module (1, the default: one after the other).
	Concurrency int `yaml:"concurrency"`
	// Batch installs every module of a cycle with one batchInstallBiz when the base's help lists
	// it (the base groups them by MANIFEST priority and installs a group in parallel); otherwise
	// the modules are installed one by one, with an info notice.
	Batch bool `yaml:"batch"`
}

// scenarioFile is the top level of a scenario file: one scenario inline, or a list.
type scenarioFile struct {
	Scenario  `yaml:",inline"`
	Scenarios []Scenario `yaml:"scenarios"`
}

// BaseConfig says how to start the base; see BaseSpec for the command placeholders.
type BaseConfig struct {
	Jar            string            `yaml:"jar"`
	Command        []string          `yaml:"command"`
	JavaOptions    []string          `yaml:"javaOptions"`
	Env            map[string]string `yaml:"env"`
	ArkletPort     int               `yaml:"arkletPort"`
	HTTPPort       int               `yaml:"httpPort"` // server.port, {httpport}; 0: a free port (process), 8080 (container)
	Image          string            `yaml:"image"`
	LogFile        string            `yaml:"logFile"`
	BizClassLoader string            `yaml:"bizClassLoader"` // class whose live instances are counted
	// Readiness says when the started base is ready for installs; nil is the default (see
	// ReadinessConfig).
	Readiness *ReadinessConfig `yaml:"readiness"`
	// Container configures the container runtime (runtime: container); see ContainerConfig.
	Container *ContainerConfig `yaml:"container"`
}

// ModuleConfig is one module of the scenario. Name and version default to the jar's MANIFEST.
type ModuleConfig struct {
	Jar     string            `yaml:"jar"`
	Name    string            `yaml:"name"`
	Version string            `yaml:"version"`
	Args    []string          `yaml:"args"`
	Envs    map[string]string `yaml:"envs"`
	// Expect marks verdicts this module is known to produce: they are reported, suppressed
	// (kind "external", with the reason) and do not count; one that does not occur is an error
	// notice, so stale expectations are noticed.
	Expect *Expectation `yaml:"expect"`
}

// Expectation is a module's known failure: the KP8 rules it is expected to trigger and why.
type Expectation struct {
	Fail   []string `yaml:"fail"`   // KP8 rule IDs, e.g. [KP8001, KP8002]
	Reason string   `yaml:"reason"` // required: the justification (e.g. a ticket)
}

// expects reports whether the module expects a rule.
func (m ModuleConfig) expects(rule string) bool {
	if m.Expect == nil {
		return false
	}
	for _, id := range m.Expect.Fail {
		if id == rule {
			return true
		}
	}
	return false
}

// Timeouts bound each step.
type Timeouts struct {
	Start     time.Duration `yaml:"start"`     // base start until health is SUCCESS (60s)
	Install   time.Duration `yaml:"install"`   // one installBiz (2m)
	Uninstall time.Duration `yaml:"uninstall"` // one uninstallBiz (2m)
	Call      time.Duration `yaml:"call"`      // any other arklet call (10s)
	Probe     time.Duration `yaml:"probe"`     // one jcmd probe (60s)
}

// Thresholds tune the verdicts.
type Thresholds struct {
	// RetainedLoaders is how many uninstalled biz loaders may stay alive before KP8001 (0).
	RetainedLoaders int `yaml:"retainedLoaders"`
	// MetaspaceGrowthPerCycle in bytes: KP8003 when used metaspace after GC grows by at least this
	// much in every cycle (1 MiB; never less than MinMetaspaceGrowth).
	MetaspaceGrowthPerCycle int64 `yaml:"metaspaceGrowthPerCycle"`
	// ClassGrowthPerCycle: KP8003 when the loaded class count after GC grows by at least this many
	// classes in every cycle (50; never less than MinClassGrowth).
	ClassGrowthPerCycle int `yaml:"classGrowthPerCycle"`
}

// ProbeConfig selects and tunes probes.
type ProbeConfig struct {
	// Every runs the leak probes after every Nth cycle and after the last one (1: every cycle).
	// Leaks accumulate, so probing less often still finds them and makes long runs cheaper.
	Every            int      `yaml:"every"`
	GCRuns           int      `yaml:"gcRuns"`           // extra GC.run + GC.run_finalization rounds before counting (0: the histogram's own full GC, plus a confirming round whenever a loader looks retained)
	LeakCheckCommand string   `yaml:"leakCheckCommand"` // base-side leak check, used when help lists it ("-" disables)
	IgnoreThreads    []string `yaml:"ignoreThreads"`    // extra regexps of thread names that belong to the base
	IgnoreProperties []string `yaml:"ignoreProperties"` // regexps of system properties that may change
	// HeapDump confirms every retained loader with a heap dump (jcmd GC.heap_dump) and reports the
	// shortest strong reference path that holds it; a loader only soft or weak references reach is
	// not reported. "off" skips the dump (the loader count alone decides).
	HeapDump string `yaml:"heapDump"`
}

// defaultIgnoreThreads are thread names that come and go in any JVM or belong to base workers:
// arklet's pools (its NamedThreadFactory names them ARKLET-<prefix>-<pool>-T<n>; the biz-ops pool
// grows by up to twenty core threads in a batch install). Arklet's Netty event loops are not
// ignored by name: the warm-up before the baseline starts them all (see runner.warmUp), so an
// event loop a module starts and leaks is still reported.
var defaultIgnoreThreads = []string{`^C[12] CompilerThread\d+$`, `^Attach Listener$`, `^Sweeper thread$`,
	`^Common-Cleaner$`, `^process reaper$`, `^ARKLET-ark-biz-ops-\d+-T\d+$`,
	`^RMI TCP `, `^JMX server connection timeout`}

// defaultIgnoreProperties are system properties the JDK sets lazily on first use.
var defaultIgnoreProperties = []string{`^user\.timezone$`}

// loadScenario reads a file that holds one scenario (a `scenarios:` list of one is accepted too);
// relative paths in it are relative to the file. Use LoadScenarios for files with several.
func loadScenario(path string) (*Scenario, error) {
	scs, err := LoadScenarios(path)
	if err != nil {
		return nil, err
	}
	if len(scs) != 1 {
		return nil, fmt.Errorf("scenario %s: holds %d scenarios, not one", path, len(scs))
	}
	return scs[0], nil
}

// LoadScenarios reads a scenario file: one scenario at the top level, or a `scenarios:` list, each
// with its own base. Jar paths may use environment variables ($VAR or ${VAR}; an unset one is an
// error); relative paths are relative to the file. A scenario without a name is named after the
// file (with its index when there are several).
func LoadScenarios(path string) ([]*Scenario, error) {
	return loadScenarios(path, os.LookupEnv)
}

func loadScenarios(path string, lookup func(string) (string, bool)) ([]*Scenario, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read scenario: %w", err)
	}
	scs, err := parseScenarios(data)
	if err != nil {
		return nil, fmt.Errorf("scenario %s: %w", path, err)
	}
	dir := filepath.Dir(path)
	var missing []string
	rel := func(p string) string {
		p = os.Expand(p, func(k string) string {
			v, ok := lookup(k)
			if !ok {
				missing = append(missing, k)
			}
			return v
		})
		if p == "" || filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(dir, p)
	}
	for i, sc := range scs {
		sc.Base.Jar = rel(sc.Base.Jar)
		for j := range sc.Modules {
			sc.Modules[j].Jar = rel(sc.Modules[j].Jar)
		}
		if len(missing) > 0 {
			return nil, fmt.Errorf("scenario %s: jar paths use unset environment variable(s) %s", path, strings.Join(missing, ", "))
		}
		if sc.Name == "" {
			sc.Name = path
			if len(scs) > 1 {
				sc.Name = fmt.Sprintf("%s#%d", path, i+1)
			}
		}
	}
	return scs, nil
}

// parseScenario decodes YAML that holds exactly one scenario, strictly.
func parseScenario(data []byte) (*Scenario, error) {
	scs, err := parseScenarios(data)
	if err != nil {
		return nil, err
	}
	if len(scs) != 1 {
		return nil, fmt.Errorf("holds %d scenarios, not one", len(scs))
	}
	return scs[0], nil
}

// parseScenarios decodes scenario YAML strictly: either one scenario at the top level or a
// top-level `scenarios:` list, not both.
func parseScenarios(data []byte) ([]*Scenario, error) {
	var f scenarioFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("empty scenario")
		}
		return nil, err
	}
	if len(f.Scenarios) == 0 {
		sc := f.Scenario
		return []*Scenario{&sc}, nil
	}
	if !reflect.DeepEqual(f.Scenario, Scenario{}) {
		return nil, errors.New("top-level scenario keys and a scenarios: list are exclusive")
	}
	out := make([]*Scenario, len(f.Scenarios))
	for i := range f.Scenarios {
		out[i] = &f.Scenarios[i]
	}
	return out, nil
}

// Normalize fills defaults and checks the scenario.
func (sc *Scenario) Normalize() error {
	if sc.Name == "" {
		sc.Name = "verify"
	}
	if sc.Runtime == "" {
		sc.Runtime = "process"
	}
	if sc.Cycles == 0 {
		sc.Cycles = 3
	}
	if sc.Cycles < 1 {
		return fmt.Errorf("cycles must be at least 1, not %d", sc.Cycles)
	}
	if sc.Base.Jar == "" && len(sc.Base.Command) == 0 {
		return errors.New("base: a jar or a command is required")
	}
	if len(sc.Modules) == 0 {
		return errors.New("at least one module is required")
	}
	for i, m := range sc.Modules {
		if m.Jar == "" {
			return fmt.Errorf("module %d: jar is required", i+1)
		}
		if m.Expect == nil {
			continue
		}
		if len(m.Expect.Fail) == 0 {
			return fmt.Errorf("module %d: expect.fail must list at least one KP8 rule", i+1)
		}
		if strings.TrimSpace(m.Expect.Reason) == "" {
			return fmt.Errorf("module %d: expect.reason is required (why the failure is accepted)", i+1)
		}
		for _, id := range m.Expect.Fail {
			if !knownRule(id) {
				return fmt.Errorf("module %d: expect.fail: %q is not a KP8 rule the harness emits", i+1, id)
			}
		}
	}
	if sc.Concurrency == 0 {
		sc.Concurrency = 1
	}
	if sc.Concurrency < 1 {
		return fmt.Errorf("concurrency must be at least 1, not %d", sc.Concurrency)
	}
	if len(sc.Order) > 0 && len(sc.Order) != len(sc.Modules) {
		return fmt.Errorf("order names %d module(s), the scenario has %d: list every module once", len(sc.Order), len(sc.Modules))
	}
	if err := sc.Base.Readiness.check(); err != nil {
		return err
	}
	if sc.Base.BizClassLoader == "" {
		sc.Base.BizClassLoader = DefaultBizClassLoader
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&sc.Timeouts.Start, 60*time.Second)
	def(&sc.Timeouts.Install, 2*time.Minute)
	def(&sc.Timeouts.Uninstall, 2*time.Minute)
	def(&sc.Timeouts.Call, 10*time.Second)
	def(&sc.Timeouts.Probe, 60*time.Second)
	if sc.Thresholds.MetaspaceGrowthPerCycle == 0 {
		sc.Thresholds.MetaspaceGrowthPerCycle = 1 << 20
	}
	if sc.Thresholds.ClassGrowthPerCycle == 0 {
		sc.Thresholds.ClassGrowthPerCycle = 50
	}
	if sc.Probes.Every < 0 {
		return fmt.Errorf("probes: every must not be negative")
	}
	if sc.Probes.GCRuns < 0 {
		return fmt.Errorf("probes: gcRuns must not be negative")
	}
	switch sc.Probes.HeapDump {
	case "", "on", "off":
	default:
		return fmt.Errorf("probes.heapDump: %q is neither on nor off", sc.Probes.HeapDump)
	}
	if sc.Probes.LeakCheckCommand == "" {
		sc.Probes.LeakCheckCommand = defaultLeakCheckCommand
	}
	for _, list := range [][]string{sc.Probes.IgnoreThreads, sc.Probes.IgnoreProperties} {
		for _, re := range list {
			if _, err := regexp.Compile(re); err != nil {
				return fmt.Errorf("probes: bad regexp %q: %w", re, err)
			}
		}
	}
	return nil
}

func knownRule(id string) bool { return harnessRule(id) != nil }

// newRuntime returns the runtime the scenario asks for: its `base.container` block configures the
// container runtime; otherwise the registered runtime of that name.
func (sc *Scenario) NewRuntime(ctx context.Context) (Runtime, error) {
	if sc.Runtime == "container" && sc.Base.Container != nil {
		rt, err := sc.Base.Container.Runtime(ctx)
		if err != nil {
			return nil, err
		}
		return rt, nil
	}
	if sc.Base.Container != nil && sc.Runtime != "container" {
		return nil, fmt.Errorf("base.container is set but the runtime is %q", sc.Runtime)
	}
	return newRuntime(sc.Runtime)
}

// spec turns the base config into a runtime BaseSpec.
func (sc *Scenario) spec() baseSpec {
	return baseSpec{Jar: sc.Base.Jar, Command: sc.Base.Command, JavaOptions: sc.Base.JavaOptions, Env: sc.Base.Env,
		ArkletPort: sc.Base.ArkletPort, HTTPPort: sc.Base.HTTPPort, Image: sc.Base.Image, LogFile: sc.Base.LogFile, StartTimeout: sc.Timeouts.Start}
}
