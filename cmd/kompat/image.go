package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/pflag"

	"github.com/kompat/kompat/harness/image"
)

func init() {
	register(&command{name: "image", summary: "build the reference base image for --runtime container (image build [--tag T])", examples: `  kompat image build --tag kompat-base:dev
`, run: runImage})
}

func runImage(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || args[0] != "build" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fmt.Fprintln(e.stderr, "Usage: kompat image build [--tag T] [--base-jar JAR] [--java-home DIR] [--force]")
			return exitOK
		}
		return fail(e, "image", usagef("usage: kompat image build [--tag T] [--base-jar JAR] [--java-home DIR] [--force]"))
	}
	fs := pflag.NewFlagSet("image build", pflag.ContinueOnError)
	fs.SetOutput(e.stderr)
	tag := fs.String("tag", image.DefaultTag, "image name")
	jar := fs.String("base-jar", "", "base jar to bake in at "+image.BaseJar+" (default: the reference base built from this checkout)")
	javaHome := fs.String("java-home", "", "JDK to jlink (default: $JAVA_HOME, else the JDK of java on PATH)")
	force := fs.Bool("force", false, "rebuild even when an image with the same inputs exists")
	quiet := fs.BoolP("quiet", "q", false, "print only the image name")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), `Usage: kompat image build [flags]

Builds the reference base image on the local Docker engine, with no registry: FROM scratch over a
jlink runtime of this machine's JDK (java and jcmd), the shared libraries it needs, /tmp, a minimal
/etc/passwd and the reference base jar. An image whose inputs are unchanged (content hash in the
%s label) is reused.

Flags:
%s`, image.LabelHash, fs.FlagUsages())
	}
	if code, done := parseFlags(e, "image", fs, args[1:]); done {
		return code
	}
	if fs.NArg() > 0 {
		return fail(e, "image", usagef("unexpected arguments %q", fs.Args()))
	}
	cli, err := image.Engine(ctx)
	if err != nil {
		return fail(e, "image", err)
	}
	defer cli.Close()
	opts := image.Options{Tag: *tag, BaseJar: *jar, JavaHome: *javaHome, Force: *force}
	if !*quiet {
		opts.Log = e.stderr
	}
	res, err := image.Ensure(ctx, cli, opts)
	if err != nil {
		return fail(e, "image", err)
	}
	if *quiet {
		fmt.Fprintln(e.stdout, res.Tag)
		return exitOK
	}
	state := "built"
	if res.Cached {
		state = "up to date"
	}
	fmt.Fprintf(e.stdout, "%s %s (%s, inputs %s, %d MB) in %s\n", res.Tag, state, shortID(res.ID), res.Hash, res.Size>>20,
		res.Duration.Round(time.Millisecond))
	return exitOK
}

func shortID(id string) string {
	if len(id) > 19 {
		return id[:19]
	}
	return id
}
