package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/spf13/pflag"

	"github.com/kompat/kompat/rules"
	"github.com/kompat/kompat/scanner"
)

func init() {
	register(&command{name: "scan", summary: "find multi-app hazards in Java sources, class files and jars", examples: `  kompat scan src/ target/app.jar
  kompat scan --side base --fail-on medium libs/
  kompat scan --format sarif -o kompat.sarif --format html -o kompat.html .
  kompat scan --write-baseline .kompat-baseline.json .   # accept today's findings
  kompat scan --baseline .kompat-baseline.json --new-from-rev origin/main .
`, run: runScan})
}

func runScan(ctx context.Context, e *env, args []string) int {
	fs := pflag.NewFlagSet("scan", pflag.ContinueOnError)
	fs.SetOutput(e.stderr)
	rf := addReportFlags(fs, "high")
	ruleSpec := fs.String("rules", "", "enable/disable rules: comma list of IDs, slugs or families; prefix - to disable (e.g. -KP1001,-static-state)")
	sideFlag := fs.String("side", "module", "which side the code runs on: module (private to one app) or base (shared by every app)")
	sideOf := fs.StringArray("side-of", nil, "per-input side: GLOB=base|module, matched against each input path as given (repeatable), e.g. 'libs/shared-*.jar=base'")
	excludes := fs.StringArray("exclude", nil, "skip paths matching this doublestar glob, relative to each input (repeatable), e.g. '**/test/**'")
	includeTests := fs.Bool("include-tests", false, "also scan test code and build tooling (src/test, src/testFixtures, src/jmh, src/it, test-classes, buildSrc, wrapper jars), skipped by default")
	workers := fs.Int("workers", 0, "parallel workers (default: number of CPUs)")
	basePath := fs.String("base", "", "the base the module will run in (fat jar, pom.xml, project dir or saved mvn dependency:list): findings in classes an adapter replaces say whether the base has that adapter")
	maxSize := fs.String("max-file-size", "8MiB", "Java sources larger than this are not scanned, an error (exit 2); 0 or none: no limit. Units: B, KiB, MiB, GiB")
	mappings := fs.StringArray("mapping", nil, "extra adapter-mapping.yaml file in the Koupleless format (repeatable; later files win)")
	noCache := fs.Bool("no-cache", false, "do not use the scan cache ("+scanner.DefaultCacheDir()+"): an unchanged tree is otherwise served from it")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: kompat scan [flags] PATH...\n\nScans .java files, .class files and jars under each PATH.\n\nFlags:\n%s", fs.FlagUsages())
	}
	if code, done := parseFlags(e, "scan", fs, args); done {
		return code
	}
	threshold, err := rf.validate()
	if err != nil {
		return fail(e, "scan", err)
	}
	side, err := rules.ParseSide(*sideFlag)
	if err != nil {
		return fail(e, "scan", usagef("--side: %v", err))
	}
	overrides := map[string]rules.Side{}
	for _, so := range *sideOf {
		glob, val, ok := strings.Cut(so, "=")
		s, err := rules.ParseSide(val)
		if !ok || glob == "" || err != nil {
			return fail(e, "scan", usagef("--side-of %q: want GLOB=base or GLOB=module", so))
		}
		overrides[glob] = s
	}
	enabled, err := rules.Select(*ruleSpec)
	if err != nil {
		return fail(e, "scan", usageError{err})
	}
	for _, g := range *excludes {
		if !doublestar.ValidatePattern(g) {
			return fail(e, "scan", usagef("--exclude: invalid glob %q", g))
		}
	}
	paths := fs.Args()
	if len(paths) == 0 {
		return fail(e, "scan", usagef("no paths given (try: kompat scan testdata/demo)"))
	}
	limit, err := parseSize(*maxSize)
	if err != nil {
		return fail(e, "scan", usagef("--max-file-size: %v", err))
	}
	cfg := scanner.Config{Paths: paths, Excludes: *excludes, Side: side, SideOverrides: overrides, Rules: enabled, Workers: *workers, Version: version,
		MaxFileSize: limit, IncludeTests: *includeTests, Adapters: true, Base: *basePath, Mappings: *mappings}
	if !*noCache {
		cfg.CacheDir = scanner.DefaultCacheDir()
	}
	if e.stderrIsTTY && !rf.quiet {
		cfg.Progress = e.stderr
	}
	rep, err := scanner.Scan(ctx, cfg)
	if err != nil {
		return fail(e, "scan", err)
	}
	return rf.emit(e, "scan", rep, threshold)
}

// parseSize reads a byte count such as 8MiB, 512KiB, 10M or 1000; 0 and "none" mean no limit (-1).
func parseSize(s string) (int64, error) {
	t := strings.TrimSpace(strings.ToLower(s))
	if t == "none" {
		return -1, nil
	}
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30}, {"kb", 1000}, {"mb", 1000 * 1000}, {"gb", 1000 * 1000 * 1000}, {"k", 1 << 10}, {"m", 1 << 20}, {"g", 1 << 30}, {"b", 1}} {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n < 0 || n > (1<<50)/mult {
		return 0, fmt.Errorf("%q is not a size (e.g. 8MiB, 512KiB, 0 or none for no limit)", s)
	}
	if n == 0 {
		return -1, nil
	}
	return n * mult, nil
}
