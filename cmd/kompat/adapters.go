package main

import (
	"context"
	"fmt"

	"github.com/spf13/pflag"

	"github.com/kompat/kompat/adapters"
	"github.com/kompat/kompat/reports"
)

func init() {
	register(&command{name: "adapters", summary: "match Koupleless adapters to a base's dependencies; check module slimming", examples: `  kompat adapters path/to/base/pom.xml
  kompat adapters --base base.jar module-ark-biz.jar
  kompat adapters --list > adapter-mapping.yaml
`, run: runAdapters})
}

func runAdapters(ctx context.Context, e *env, args []string) int {
	fs := pflag.NewFlagSet("adapters", pflag.ContinueOnError)
	fs.SetOutput(e.stderr)
	rf := addReportFlags(fs, "high")
	mappings := fs.StringArray("mapping", nil, "add an adapter-mapping.yaml (Koupleless format) over the official catalog (repeatable; later files win)")
	base := fs.String("base", "", "the base project, jar or Maven output; PATHs are then modules checked against it")
	list := fs.Bool("list", false, "print the mappings in force (official plus --mapping files) as adapter-mapping.yaml and exit")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), `Usage: kompat adapters [flags] PATH...

Reads what each PATH depends on (a jar, war or ark-biz jar; a pom.xml or a project directory;
saved "mvn dependency:list" or "dependency:tree" output) and matches the Koupleless adapter catalog:
adapters a base lacks (KP5001), adapters for the wrong version (KP5002), adapters in place (KP5003).
Without --base every PATH is a base (an ark-biz jar is checked as a module). With --base, PATHs are
modules: jars the base already provides, version conflicts, duplicate classes, base-only jars and the
ark-biz layout (KP4001-KP4006, KP5004). A base directory's conf/ark/adapter-mapping.yaml is applied
on top of the catalog and the --mapping files, as koupleless-base-build-plugin does.

Flags:
%s`, fs.FlagUsages())
	}
	if code, done := parseFlags(e, "adapters", fs, args); done {
		return code
	}
	threshold, err := rf.validate()
	if err != nil {
		return fail(e, "adapters", err)
	}
	paths := fs.Args()
	if len(paths) == 0 && *base == "" && !*list {
		return fail(e, "adapters", usagef("no paths given (try: kompat adapters path/to/base or kompat adapters --base BASE MODULE.jar)"))
	}
	if !*list {
		rep, err := adapters.Run(ctx, adapters.Config{Mappings: *mappings, Paths: paths, Base: *base, Version: version})
		if err != nil {
			return fail(e, "adapters", err)
		}
		return rf.emit(e, "adapters", rep, threshold)
	}
	cat, err := adapters.Official()
	if err != nil {
		return fail(e, "adapters", fmt.Errorf("load the adapter catalog: %w", err))
	}
	// --list: the mappings in force, official plus --mapping files; an unusable file is an error.
	var bad []reports.Notice
	for _, m := range *mappings {
		if err := cat.AddFile(m, adapters.LevelUser); err != nil {
			for _, n := range adapters.MappingNotices(m, err) {
				if n.Level == reports.NoticeError {
					bad = append(bad, n)
				}
			}
		}
	}
	if len(bad) > 0 {
		for _, n := range bad {
			fmt.Fprintf(e.stderr, "kompat adapters: %s\n", reports.Sanitize(n.Message))
		}
		return exitError
	}
	data, err := cat.Export().Marshal()
	if err != nil {
		return fail(e, "adapters", err)
	}
	if _, err := e.stdout.Write(data); err != nil {
		return fail(e, "adapters", fmt.Errorf("write catalog: %w", err))
	}
	return exitOK
}
