package main

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/spf13/pflag"

	"github.com/kompat/kompat/harness"
	"github.com/kompat/kompat/harness/fixtures"
	"github.com/kompat/kompat/reports"
)

func init() {
	register(&command{name: "verify", summary: "install/uninstall modules in a real base JVM and probe what they leave behind", run: runVerify})
}

// cycleRules are the verdicts that mean a harness cycle itself failed: they exit 1 whatever --fail-on says.
var cycleRules = map[string]bool{
	harness.RuleInstallFailed.ID: true, harness.RuleUninstallFailed.ID: true, harness.RuleReinstallFailed.ID: true,
	harness.RuleTimedOut.ID: true, harness.RuleBaseDied.ID: true,
}

func runVerify(ctx context.Context, e *env, args []string) int {
	fs := pflag.NewFlagSet("verify", pflag.ContinueOnError)
	fs.SetOutput(e.stderr)
	rf := addReportFlags(fs, "high")
	file := fs.StringP("file", "f", "", "read the scenario (base, modules, cycles, timeouts, thresholds) from a YAML file")
	base := fs.String("base", "", "the base: an executable jar (the reference base or a Koupleless Spring Boot base)")
	modules := fs.StringArray("module", nil, "an ark-biz jar to install (repeatable; modules are installed side by side)")
	cycles := fs.Int("cycles", 3, "install/uninstall cycles")
	runtimeName := fs.String("runtime", "process", "where the base runs: process (a child JVM here) or container")
	javaOpts := fs.StringArray("java-opt", nil, "a JVM option for the base (repeatable), e.g. --java-opt=-Xmx512m")
	port := fs.Int("arklet-port", 0, "arklet port inside the runtime (0: a free port for process, 1238 for container)")
	loader := fs.String("biz-classloader", "", "class of the base's biz loaders to count (default "+harness.DefaultBizClassLoader+")")
	startTimeout := fs.Duration("start-timeout", 0, "how long the base may take to answer health (default 60s)")
	installTimeout := fs.Duration("install-timeout", 0, "how long one install may take (default 2m)")
	examples := fs.StringArray("example", nil, "install a bundled test module from testdata/harness (repeatable; e.g. clean, thread-leak); without --base the bundled reference base is used (needs a kompat checkout and a JDK)")
	listExamples := fs.Bool("list-examples", false, "build the bundled reference base and test modules and print their jars, then exit")
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, `Usage: kompat verify --base BASE.jar --module A.jar [--module B.jar ...] [flags]
       kompat verify -f scenario.yaml [flags]

Starts the base JVM, then for each cycle installs every module over the arklet protocol, checks
they are activated, uninstalls them, checks they are gone, and probes the JVM: full GCs, live biz
class loaders (GC.class_histogram, VM.classloaders), threads that survived (Thread.print against the
pre-install baseline), system properties, health class and metaspace counters, the unpacked biz
dir, and that the same name:version installs again. Verdicts are KP8nnn findings. The base is
always killed at the end, on failure, on timeout and on Ctrl-C.

Flags:
%s`, fs.FlagUsages())
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return exitOK
		}
		return fail(e, "verify", usageError{err})
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
		if *base == "" && *file == "" {
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
	var sc *harness.Scenario
	if *file != "" {
		if *base != "" || len(*modules) > 0 {
			return fail(e, "verify", usagef("-f and --base/--module are exclusive: put the base and modules in the scenario file"))
		}
		if sc, err = harness.LoadScenario(*file); err != nil {
			return fail(e, "verify", usageError{err})
		}
	} else {
		if *base == "" || len(*modules) == 0 {
			return fail(e, "verify", usagef("--base and at least one --module are required (or -f scenario.yaml)"))
		}
		sc = &harness.Scenario{Name: "verify", Base: harness.BaseConfig{Jar: *base}, Cycles: *cycles}
		for _, m := range *modules {
			sc.Modules = append(sc.Modules, harness.ModuleConfig{Jar: m})
		}
	}
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
	if err := sc.Normalize(); err != nil {
		return fail(e, "verify", usageError{err})
	}
	rt, err := harness.NewRuntime(sc.Runtime)
	if err != nil {
		if errors.Is(err, harness.ErrRuntimeUnavailable) {
			return fail(e, "verify", fmt.Errorf("%w; use --runtime process", err))
		}
		return fail(e, "verify", usageError{err})
	}
	opts := harness.Options{Runtime: rt}
	if !rf.quiet {
		opts.Progress = e.stderr
	}
	start := time.Now()
	res, err := harness.Run(ctx, sc, opts)
	if err != nil {
		return fail(e, "verify", err)
	}
	rep := reports.New("verify", version)
	if sc.Base.Jar != "" {
		rep.Inputs = append(rep.Inputs, sc.Base.Jar)
	}
	for _, m := range sc.Modules {
		rep.Inputs = append(rep.Inputs, m.Jar)
	}
	rep.Findings = append(rep.Findings, res.Findings...)
	rep.Rules = append(rep.Rules, res.Rules...)
	rep.Notices = append(rep.Notices, res.Notices...)
	rep.Stats.Files = len(rep.Inputs)
	rep.Stats.DurationMS = time.Since(start).Milliseconds()
	if res.Aborted != "" && !rf.quiet {
		fmt.Fprintf(e.stderr, "kompat verify: run stopped early: %s\n", res.Aborted)
	}
	code := rf.emit(e, "verify", rep, threshold)
	if code == exitOK {
		for _, f := range rep.Findings {
			if cycleRules[f.RuleID] && f.Counts() {
				if !rf.quiet {
					fmt.Fprintf(e.stderr, "kompat verify: a harness cycle failed (%s %s)\n", f.RuleID, f.Location.Symbol)
				}
				return exitFindings
			}
		}
	}
	return code
}
