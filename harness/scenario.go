package harness

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"time"

	"gopkg.in/yaml.v3"
)

// DefaultBizClassLoader is the class of a Koupleless biz loader (and of the reference base's).
const DefaultBizClassLoader = "com.alipay.sofa.ark.container.service.classloader.BizClassLoader"

// DefaultLeakCheckCommand is the optional base-side arklet command that reports, after GC, which
// uninstalled biz loaders are alive and what holds them (the reference base has it).
const DefaultLeakCheckCommand = "kompatLeakCheck"

// Scenario is one verify run: a base, the modules installed side by side into it, and how often
// to cycle them. It is what `kompat verify -f scenario.yaml` reads; unknown keys are an error.
type Scenario struct {
	Name       string         `yaml:"name"`
	Runtime    string         `yaml:"runtime"` // process (default) or container
	Base       BaseConfig     `yaml:"base"`
	Modules    []ModuleConfig `yaml:"modules"`
	Cycles     int            `yaml:"cycles"`
	Timeouts   Timeouts       `yaml:"timeouts"`
	Thresholds Thresholds     `yaml:"thresholds"`
	Probes     ProbeConfig    `yaml:"probes"`
}

// BaseConfig says how to start the base; see BaseSpec for the command placeholders.
type BaseConfig struct {
	Jar            string            `yaml:"jar"`
	Command        []string          `yaml:"command"`
	JavaOptions    []string          `yaml:"javaOptions"`
	Env            map[string]string `yaml:"env"`
	ArkletPort     int               `yaml:"arkletPort"`
	Image          string            `yaml:"image"`
	LogFile        string            `yaml:"logFile"`
	BizClassLoader string            `yaml:"bizClassLoader"` // class whose live instances are counted
}

// ModuleConfig is one module of the scenario. Name and version default to the jar's MANIFEST.
type ModuleConfig struct {
	Jar     string            `yaml:"jar"`
	Name    string            `yaml:"name"`
	Version string            `yaml:"version"`
	Args    []string          `yaml:"args"`
	Envs    map[string]string `yaml:"envs"`
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
	// much in every cycle (1 MiB).
	MetaspaceGrowthPerCycle int64 `yaml:"metaspaceGrowthPerCycle"`
	// ClassGrowthPerCycle: KP8003 when the loaded class count after GC grows by at least this many
	// classes in every cycle (50).
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
}

// DefaultIgnoreThreads are thread names that come and go in any JVM or belong to base workers.
var DefaultIgnoreThreads = []string{`^C[12] CompilerThread\d+$`, `^Attach Listener$`, `^Sweeper thread$`,
	`^Common-Cleaner$`, `^process reaper$`, `^arklet-http-\d+$`, `^nioEventLoopGroup-`, `^ark-biz-ops-`,
	`^RMI TCP `, `^JMX server connection timeout`}

// DefaultIgnoreProperties are system properties the JDK sets lazily on first use.
var DefaultIgnoreProperties = []string{`^user\.timezone$`}

// LoadScenario reads a scenario file; relative paths in it are relative to the file.
func LoadScenario(path string) (*Scenario, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read scenario: %w", err)
	}
	sc, err := ParseScenario(data)
	if err != nil {
		return nil, fmt.Errorf("scenario %s: %w", path, err)
	}
	dir := filepath.Dir(path)
	rel := func(p string) string {
		if p == "" || filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(dir, p)
	}
	sc.Base.Jar = rel(sc.Base.Jar)
	for i := range sc.Modules {
		sc.Modules[i].Jar = rel(sc.Modules[i].Jar)
	}
	if sc.Name == "" {
		sc.Name = path
	}
	return sc, nil
}

// ParseScenario decodes scenario YAML strictly.
func ParseScenario(data []byte) (*Scenario, error) {
	var sc Scenario
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&sc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("empty scenario")
		}
		return nil, err
	}
	return &sc, nil
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
	if sc.Probes.LeakCheckCommand == "" {
		sc.Probes.LeakCheckCommand = DefaultLeakCheckCommand
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

// spec turns the base config into a runtime BaseSpec.
func (sc *Scenario) spec() BaseSpec {
	return BaseSpec{Jar: sc.Base.Jar, Command: sc.Base.Command, JavaOptions: sc.Base.JavaOptions, Env: sc.Base.Env,
		ArkletPort: sc.Base.ArkletPort, Image: sc.Base.Image, LogFile: sc.Base.LogFile, StartTimeout: sc.Timeouts.Start}
}
