package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/kompat/kompat/adapters"
	"github.com/kompat/kompat/harness"
	"github.com/kompat/kompat/reports"
	"github.com/kompat/kompat/rules"
	"github.com/kompat/kompat/scanner"
)

func init() {
	register(&command{name: "gate", summary: "the whole pipeline (scan, adapters, verify) as one pre-merge verdict", examples: `  kompat gate --src src/ --module target/biz-ark-biz.jar --base base.jar
  kompat gate --src src/ --base pom.xml --skip verify --format sarif -o kompat.sarif
`, run: runGate})
}

// gateStage is one stage's outcome for the closing summary.
type gateStage struct {
	name    string
	ran     bool
	note    string
	counted int
}

func runGate(ctx context.Context, e *env, args []string) int {
	fs := pflag.NewFlagSet("gate", pflag.ContinueOnError)
	fs.SetOutput(e.stderr)
	rf := addReportFlags(fs, "high")
	srcs := fs.StringArray("src", nil, "sources, class dirs or jars to scan (repeatable)")
	modules := fs.StringArray("module", nil, "a module ark-biz jar: scanned, checked against --base, and installed into the base when it can be started (repeatable)")
	base := fs.String("base", "", "the base: a fat jar, pom.xml, project dir or saved mvn dependency:list (adapters); an executable base jar is also started for verify")
	scenario := fs.StringP("file", "f", "", "a verify scenario file (instead of starting --base with the --module jars)")
	cycles := fs.Int("cycles", 3, "install/uninstall cycles for verify")
	runtimeName := fs.String("runtime", "process", "where verify runs the base: process or container")
	skip := fs.StringSlice("skip", nil, "stages to skip: scan, adapters, verify")
	ruleSpec := fs.String("rules", "", "rule selection for the scan stage (as scan --rules)")
	sideFlag := fs.String("side", "module", "side of the scanned code: module or base")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), `Usage: kompat gate [flags]

Runs every stage that its inputs allow and gives one verdict:
  scan      --src and --module inputs, findings annotated with the adapter that fixes them (--base)
  adapters  --base alone (adapters it lacks), or --module jars against --base (what they should not ship)
  verify    --module jars installed into an executable --base jar (or -f scenario.yaml) for --cycles cycles

Exit 0 when nothing counted reaches --fail-on and every stage ran; 1 when something does or a
harness cycle failed; 2 when a stage could not run (unreadable input, no JVM, no container engine).

Flags:
%s`, fs.FlagUsages())
	}
	if code, done := parseFlags(e, "gate", fs, args); done {
		return code
	}
	threshold, err := rf.validate()
	if err != nil {
		return fail(e, "gate", err)
	}
	if fs.NArg() > 0 {
		return fail(e, "gate", usagef("unexpected arguments %v: name inputs with --src, --module and --base", fs.Args()))
	}
	skipped := map[string]bool{}
	for _, s := range *skip {
		switch s {
		case "scan", "adapters", "verify":
			skipped[s] = true
		default:
			return fail(e, "gate", usagef("--skip: unknown stage %q (want scan, adapters or verify)", s))
		}
	}
	side, err := rules.ParseSide(*sideFlag)
	if err != nil {
		return fail(e, "gate", usagef("--side: %v", err))
	}
	enabled, err := rules.Select(*ruleSpec)
	if err != nil {
		return fail(e, "gate", usageError{err})
	}
	if len(*srcs) == 0 && len(*modules) == 0 && *base == "" && *scenario == "" {
		return fail(e, "gate", usagef("nothing to check: give --src, --module, --base or -f"))
	}

	rep := reports.New("gate", version)
	start := time.Now()
	var stages []gateStage

	// scan
	scanInputs := append(append([]string{}, *srcs...), *modules...)
	st := gateStage{name: "scan"}
	switch {
	case skipped["scan"]:
		st.note = "skipped (--skip)"
	case len(scanInputs) == 0:
		st.note = "no --src or --module"
	default:
		sr, err := scanner.Scan(ctx, scanner.Config{Paths: scanInputs, Side: side, Rules: enabled, Version: version, Adapters: true, Base: *base})
		if err != nil {
			return fail(e, "gate", fmt.Errorf("scan: %w", err))
		}
		st.ran = true
		st.counted = len(sr.Failing(threshold))
		rep.Merge(sr)
	}
	stages = append(stages, st)

	// adapters
	st = gateStage{name: "adapters"}
	switch {
	case skipped["adapters"]:
		st.note = "skipped (--skip)"
	case *base == "":
		st.note = "no --base"
	default:
		cfg := adapters.Config{Paths: []string{*base}, Version: version}
		if len(*modules) > 0 {
			cfg = adapters.Config{Paths: *modules, Base: *base, Version: version}
		}
		ar, err := adapters.Run(ctx, cfg)
		if err != nil {
			return fail(e, "gate", fmt.Errorf("adapters: %w", err))
		}
		st.ran = true
		st.counted = len(ar.Failing(threshold))
		rep.Merge(ar)
	}
	stages = append(stages, st)

	// verify
	st = gateStage{name: "verify"}
	cycleFailed := false
	switch {
	case skipped["verify"]:
		st.note = "skipped (--skip)"
	case *scenario == "" && (len(*modules) == 0 || !strings.HasSuffix(strings.ToLower(*base), ".jar")):
		st.note = "needs -f or an executable --base jar with --module jars"
	default:
		var scs []*harness.Scenario
		if *scenario != "" {
			if scs, err = harness.LoadScenarios(*scenario); err != nil {
				return fail(e, "gate", usageError{err})
			}
		} else {
			sc := &harness.Scenario{Name: "gate", Base: harness.BaseConfig{Jar: *base}, Cycles: *cycles}
			for _, m := range *modules {
				sc.Modules = append(sc.Modules, harness.ModuleConfig{Jar: m})
			}
			scs = []*harness.Scenario{sc}
		}
		var rts []harness.Runtime
		for _, sc := range scs {
			if sc.Cycles == 0 || fs.Changed("cycles") {
				sc.Cycles = *cycles
			}
			if sc.Runtime == "" || fs.Changed("runtime") {
				sc.Runtime = *runtimeName
			}
			if err := sc.Normalize(); err != nil {
				return fail(e, "gate", usageError{err})
			}
			rt, err := sc.NewRuntime(ctx)
			if err != nil {
				return fail(e, "gate", fmt.Errorf("verify %s: %w", sc.Name, err))
			}
			rts = append(rts, rt)
		}
		cfg := harness.VerifyConfig{Scenarios: scs, Runtimes: rts, Version: version}
		if !rf.quiet {
			cfg.Progress = reports.SanitizingWriter(e.stderr)
		}
		vr, err := harness.Verify(ctx, cfg)
		if err != nil {
			return fail(e, "gate", fmt.Errorf("verify: %w", err))
		}
		for _, f := range vr.Findings {
			if failsCycle(f.RuleID) && f.Counts() {
				cycleFailed = true
			}
		}
		st.ran = true
		st.counted = len(vr.Failing(threshold))
		rep.Merge(vr)
	}
	stages = append(stages, st)

	rep.Stats.DurationMS = time.Since(start).Milliseconds()
	code := rf.emit(e, "gate", rep, threshold)
	if code == exitOK && cycleFailed {
		code = exitFindings
	}
	if code == exitOK && !anyStageRan(stages) {
		// Skipping every stage checks nothing: that is not a pass.
		fmt.Fprintln(e.stderr, "kompat gate: no stage ran, nothing was checked")
		code = exitError
	}
	if !rf.quiet {
		fmt.Fprintln(e.stderr, gateSummary(stages, code))
	}
	return code
}

func gateSummary(stages []gateStage, code int) string {
	var parts []string
	for _, s := range stages {
		switch {
		case s.ran:
			parts = append(parts, fmt.Sprintf("%s: %d counted", s.name, s.counted))
		default:
			parts = append(parts, fmt.Sprintf("%s: not run (%s)", s.name, s.note))
		}
	}
	verdict := map[int]string{exitOK: "PASS", exitFindings: "FAIL", exitError: "ERROR"}[code]
	return fmt.Sprintf("kompat gate: %s [%s]", verdict, strings.Join(parts, "; "))
}

func anyStageRan(stages []gateStage) bool {
	for _, s := range stages {
		if s.ran {
			return true
		}
	}
	return false
}
