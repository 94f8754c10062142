package main

import (
	"context"
	"fmt"

	"github.com/spf13/pflag"

	"github.com/kompat/kompat/harness"
	"github.com/kompat/kompat/harness/image"
)

func init() {
	register(&command{name: "cleanup", summary: "remove work dirs, containers, networks and volumes left by killed verify runs", examples: `  kompat cleanup --dry-run
`, run: runCleanup})
}

func runCleanup(ctx context.Context, e *env, args []string) int {
	fs := pflag.NewFlagSet("cleanup", pflag.ContinueOnError)
	fs.SetOutput(e.stderr)
	all := fs.Bool("all", false, "also remove what live kompat runs on this host are using")
	dry := fs.BoolP("dry-run", "n", false, "list what carries the harness label, remove nothing")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), `Usage: kompat cleanup [--all] [--dry-run]

Removes the %s* work dirs (in the temp dir) that process bases of killed 'kompat verify' runs
left behind (each names the kompat process that made it; those of live runs are kept), then every
container (forcefully, with its anonymous volumes), network and volume that carries the %s=1
label, i.e. what 'kompat verify --runtime container' left behind when it was killed. Resources of
kompat runs still alive on this host are kept unless --all. The work dirs are cleaned with or
without Docker; exits 2 when no Docker engine answers.

Flags:
%s`, harness.WorkDirPrefix, image.LabelHarness, fs.FlagUsages())
	}
	if code, done := parseFlags(e, "cleanup", fs, args); done {
		return code
	}
	if fs.NArg() > 0 {
		return fail(e, "cleanup", usagef("unexpected arguments %q", fs.Args()))
	}
	dirs, derr := harness.CleanupWorkDirs("", *all, *dry)
	verb := "removed"
	if *dry {
		verb = "would remove"
	}
	fmt.Fprintf(e.stdout, "%s %d work dir(s) of dead kompat runs", verb, len(dirs))
	for i, d := range dirs {
		sep := ", "
		if i == 0 {
			sep = ": "
		}
		fmt.Fprintf(e.stdout, "%s%s (owner %s)", sep, d.Path, d.Owner)
	}
	fmt.Fprintln(e.stdout)
	if derr != nil {
		return fail(e, "cleanup", derr)
	}
	cli, err := image.Engine(ctx)
	if err != nil {
		return fail(e, "cleanup", err)
	}
	defer cli.Close()
	if *dry {
		res, err := harness.ListHarnessResources(ctx, cli, nil)
		if err != nil {
			return fail(e, "cleanup", err)
		}
		fmt.Fprintf(e.stdout, "%d resource(s) carry the harness label", res.Count())
		if res.Count() > 0 {
			fmt.Fprintf(e.stdout, ": %s", res)
		}
		fmt.Fprintln(e.stdout)
		return exitOK
	}
	res, err := harness.Cleanup(context.WithoutCancel(ctx), cli, harness.CleanupOptions{All: *all})
	fmt.Fprintf(e.stdout, "removed %d container(s), %d network(s), %d volume(s)\n", len(res.Containers), len(res.Networks), len(res.Volumes))
	if err != nil {
		return fail(e, "cleanup", err)
	}
	return exitOK
}
