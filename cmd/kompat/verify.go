package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/kompat/kompat/harness"
	"github.com/kompat/kompat/harness/fixtures"
	"github.com/kompat/kompat/reports"
	"github.com/kompat/kompat/rules"
)

func init() {
	register(&command{name: "verify", summary: "install/uninstall modules in a real base JVM and probe what they leave behind", examples: `  kompat verify --base base.jar --module biz-a.jar --module biz-b.jar --cycles 5
  kompat verify -f scenario.yaml --format json -o verify.json
  kompat verify --example clean --example thread-leak
`, run: runVerify})
}

// failsCycle reports whether a verdict means a harness cycle itself failed (fails-cycle in its
// rule definition): such findings exit 1 whatever --fail-on says.
func failsCycle(id string) bool {
	m := rules.Lookup(id)
	return m != nil && m.ID == id && m.FailsCycle
}

func runVerify(ctx context.Context, e *env, args []string) int {
	fs := pflag.NewFlagSet("verify", pflag.ContinueOnError)
	fs.SetOutput(e.stderr)
	rf := addReportFlags(fs, "high")
	files := fs.StringArrayP("file", "f", nil, "read scenarios (base, modules, cycles, order, concurrency, expectations, timeouts, thresholds) from a YAML file (repeatable; a file may hold a scenarios: list); each scenario runs with its own base")
	base := fs.String("base", "", "the base: an executable jar (the reference base or a Koupleless Spring Boot base)")
	modules := fs.StringArray("module", nil, "an ark-biz jar to install (repeatable; modules are installed side by side)")
	cycles := fs.Int("cycles", 3, "install/uninstall cycles")
	runtimeName := fs.String("runtime", "process", "where the base runs: process (a child JVM here) or container")
	javaOpts := fs.StringArray("java-opt", nil, "a JVM option for the base (repeatable), e.g. --java-opt=-Xmx512m")
	image := fs.String("image", "", "container runtime: the base image (default: the reference image, built locally when missing; nothing is pulled)")
	containerPID := fs.String("container-pid", "", "container runtime: pid or process name of the base JVM inside the container (default: the only JVM)")
	jcmdPath := fs.String("jcmd", "", "container runtime: jcmd inside the container (\"-\": none; the leak probes are then reported as unavailable)")
	hostPort := fs.Int("host-port", 0, "container runtime: pin the 127.0.0.1 host port arklet is published on (default: a free one)")
	port := fs.Int("arklet-port", 0, "arklet port inside the runtime (0: a free port for process, 1238 for container)")
	loader := fs.String("biz-classloader", "", "class of the base's biz loaders to count (default "+harness.DefaultBizClassLoader+")")
	startTimeout := fs.Duration("start-timeout", 0, "how long the base may take to answer health (default 60s)")
	installTimeout := fs.Duration("install-timeout", 0, "how long one install may take (default 2m)")
	examples := fs.StringArray("example", nil, "install a bundled test module from testdata/harness (repeatable; e.g. clean, thread-leak); without --base the bundled reference base is used (needs a kompat checkout and a JDK)")
	listExamples := fs.Bool("list-examples", false, "build the bundled reference base and test modules and print their jars, then exit")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), `Usage: kompat verify --base BASE.jar --module A.jar [--module B.jar ...] [flags]
       kompat verify -f scenario.yaml [-f more.yaml ...] [flags]

Starts the base JVM, then for each cycle installs every module over the arklet protocol, checks
they are activated, uninstalls them, checks they are gone, and probes the JVM: full GCs, live biz
class loaders (GC.class_histogram, VM.classloaders), threads that survived (Thread.print against the
pre-install baseline), system properties, health class and metaspace counters, the unpacked biz
dir, and that the same name:version installs again. Verdicts are KP8nnn findings. The base is
always killed at the end, on failure, on timeout and on Ctrl-C. Scenario files may hold several
scenarios, each run with its own base; a module's expected verdicts (expect.fail) are reported as
suppressed, and one that does not occur is an error notice. A summary per scenario and module ends
the run on stderr and is in the report as KP9802 notices.

Flags:
%s`, fs.FlagUsages())
	}
	if code, done := parseFlags(e, "verify", fs, args); done {
		return code
	}
	threshold, err := rf.validate()
	if err != nil {
		return fail(e, "verify", err)
	}
	if fs.NArg() > 0 {
		return fail(e, "verify", usagef("unexpected arguments %q (modules go in --module)", fs.Args()))
	}
	if *listExamples || len(*examples) > 0 {
		built, err := fixtures.Default(ctx)
		if err != nil {
			return fail(e, "verify", fmt.Errorf("bundled examples: %w", err))
		}
		how := "built with this machine's JDK"
		if built.Reused {
			how = "reused"
		}
		if !rf.quiet {
			fmt.Fprintf(e.stderr, "kompat verify: bundled examples in %s (%s)\n", built.Dir, how)
		}
		if *listExamples {
			fmt.Fprintf(e.stdout, "base\t%s\n", built.Base)
			names := make([]string, 0, len(built.Modules))
			for n := range built.Modules {
				names = append(names, n)
			}
			sort.Strings(names)
			for _, n := range names {
				fmt.Fprintf(e.stdout, "%s\t%s\n", n, built.Modules[n])
			}
			return exitOK
		}
		if *base == "" && len(*files) == 0 {
			*base = built.Base
		}
		for _, n := range *examples {
			jar, ok := built.Modules[n]
			if !ok {
				return fail(e, "verify", usagef("--example: no bundled module %q (see --list-examples)", n))
			}
			*modules = append(*modules, jar)
		}
	}
	var scs []*harness.Scenario
	if len(*files) > 0 {
		if *base != "" || len(*modules) > 0 {
			return fail(e, "verify", usagef("-f and --base/--module are exclusive: put the base and modules in the scenario file"))
		}
		for _, f := range *files {
			more, err := harness.LoadScenarios(f)
			if err != nil {
				return fail(e, "verify", usageError{err})
			}
			scs = append(scs, more...)
		}
	} else {
		if *base == "" || len(*modules) == 0 {
			return fail(e, "verify", usagef("--base and at least one --module are required (or -f scenario.yaml)"))
		}
		sc := &harness.Scenario{Name: "verify", Base: harness.BaseConfig{Jar: *base}, Cycles: *cycles}
		for _, m := range *modules {
			sc.Modules = append(sc.Modules, harness.ModuleConfig{Jar: m})
		}
		scs = append(scs, sc)
	}
	if *cycles < 1 {
		return fail(e, "verify", usagef("--cycles must be at least 1, not %d", *cycles))
	}
	// Every scenario is checked and gets its runtime before any base starts: a typo costs nothing.
	names := map[string]bool{}
	rts := make([]harness.Runtime, len(scs))
	for i, sc := range scs {
		if fs.Changed("cycles") || sc.Cycles == 0 {
			sc.Cycles = *cycles
		}
		if fs.Changed("runtime") || sc.Runtime == "" {
			sc.Runtime = *runtimeName
		}
		sc.Base.JavaOptions = append(sc.Base.JavaOptions, *javaOpts...)
		if *port != 0 {
			sc.Base.ArkletPort = *port
		}
		if *loader != "" {
			sc.Base.BizClassLoader = *loader
		}
		if *startTimeout > 0 {
			sc.Timeouts.Start = *startTimeout
		}
		if *installTimeout > 0 {
			sc.Timeouts.Install = *installTimeout
		}
		if *image != "" || *containerPID != "" || *jcmdPath != "" || *hostPort != 0 {
			if sc.Base.Container == nil {
				sc.Base.Container = &harness.ContainerConfig{}
			}
			c := sc.Base.Container
			if *image != "" {
				c.Image = *image
			}
			if *containerPID != "" {
				c.PID = *containerPID
			}
			if *jcmdPath != "" {
				c.Jcmd = *jcmdPath
			}
			if *hostPort != 0 {
				c.HostPort = *hostPort
			}
		}
		if err := sc.Normalize(); err != nil {
			if len(scs) > 1 {
				err = fmt.Errorf("scenario %s: %w", sc.Name, err)
			}
			return fail(e, "verify", usageError{err})
		}
		if names[sc.Name] {
			return fail(e, "verify", usagef("two scenarios are named %q: give each a name of its own", sc.Name))
		}
		names[sc.Name] = true
		if !slices.Contains(harness.KnownRuntimes, sc.Runtime) {
			return fail(e, "verify", usagef("unknown runtime %q (known: %s)", sc.Runtime, strings.Join(harness.KnownRuntimes, ", ")))
		}
		rt, err := sc.NewRuntime(ctx)
		if err != nil {
			if errors.Is(err, harness.ErrRuntimeUnavailable) {
				return fail(e, "verify", fmt.Errorf("%w; use --runtime process", err))
			}
			return fail(e, "verify", err)
		}
		if cr, ok := rt.(*harness.ContainerRuntime); ok && !rf.quiet {
			cr.Log = e.stderr // the first build of the reference image takes half a minute: say so
		}
		rts[i] = rt
	}
	cfg := harness.VerifyConfig{Scenarios: scs, Runtimes: rts, Version: version}
	if !rf.quiet {
		cfg.Progress, cfg.Log = reports.SanitizingWriter(e.stderr), e.stderr
	}
	start := time.Now()
	rep, err := harness.Verify(ctx, cfg)
	if err != nil {
		return fail(e, "verify", err)
	}
	if !rf.quiet {
		fmt.Fprintf(e.stderr, "kompat verify: summary (%s)\n", time.Since(start).Round(time.Millisecond))
		for _, n := range rep.Notices {
			switch n.Code {
			case harness.NoticeSummary:
				fmt.Fprintf(e.stderr, "  %s\n", reports.Sanitize(n.Message))
			case harness.NoticeScenarioFailed:
				fmt.Fprintf(e.stderr, "  scenario %s: could not run: %s\n", reports.Sanitize(n.Path), reports.Sanitize(firstLine(strings.TrimPrefix(n.Message, "scenario "+n.Path+" could not run: "))))
			}
		}
		for _, n := range rep.Notices {
			if n.Code == harness.NoticeExpectationStale || n.Code == harness.NoticeUntested {
				fmt.Fprintf(e.stderr, "  %s: %s\n", n.Level, reports.Sanitize(n.Message))
			}
		}
	}
	untested := harness.UntestedModules(rep)
	code := rf.emit(e, "verify", rep, threshold)
	if code == exitOK {
		for _, f := range rep.Findings {
			if failsCycle(f.RuleID) && f.Counts() {
				if !rf.quiet {
					fmt.Fprintf(e.stderr, "kompat verify: a harness cycle failed (%s %s)\n", f.RuleID, reports.Sanitize(f.Location.Symbol))
				}
				return exitFindings
			}
		}
		if len(untested) > 0 {
			if !rf.quiet {
				fmt.Fprintf(e.stderr, "kompat verify: not every module was tested in every cycle (%s)\n", reports.Sanitize(strings.Join(untested, "; ")))
			}
			return exitFindings
		}
	}
	return code
}

func firstLine(s string) string {
	first, _, _ := strings.Cut(s, "\n")
	return first
}
