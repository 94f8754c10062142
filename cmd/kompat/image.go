package main

import (
	"context"
	"fmt"
	"strings"
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
			fmt.Fprintln(e.stderr, "Usage: kompat image build [--for BASE.jar | --base-jar JAR] [--tag T] [--java-home DIR] [--force]")
			return exitOK
		}
		return fail(e, "image", usagef("usage: kompat image build [--for BASE.jar | --base-jar JAR] [--tag T] [--java-home DIR] [--force]"))
	}
	fs := pflag.NewFlagSet("image build", pflag.ContinueOnError)
	fs.SetOutput(e.stderr)
	tag := fs.String("tag", image.DefaultTag, "image name")
	jar := fs.String("base-jar", "", "base jar to bake in at "+image.BaseJar+" (default: the reference base built from this checkout)")
	javaHome := fs.String("java-home", "", "JDK to jlink (default: $JAVA_HOME, else the JDK of java on PATH)")
	forBase := fs.String("for", "", "build the image for this base jar: a Spring Boot (Koupleless) fat jar gets a jlink runtime with the JDK modules Spring Boot needs, under kompat/base-<jar name>:local")
	force := fs.Bool("force", false, "rebuild even when an image with the same inputs exists")
	quiet := fs.BoolP("quiet", "q", false, "print only the image name")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), `Usage: kompat image build [flags]

Builds the reference base image on the local Docker engine, with no registry: FROM scratch over a
jlink runtime of this machine's JDK (java and jcmd), the shared libraries it needs, /tmp, a minimal
/etc/passwd and the reference base jar. An image whose inputs are unchanged (content hash in the
%s label) is reused. With --for BASE.jar it builds the image that base needs instead: for a Spring
Boot (Koupleless) fat jar, a jlink runtime with java.desktop, java.instrument, java.naming, java.sql,
java.management, jdk.unsupported, java.xml and the rest Spring Boot links, plus jdk.attach and
jdk.jcmd, tagged kompat/base-<jar name>:local (what --runtime container builds for such a base when
no image is given). Nothing is pulled.

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
	if *forBase != "" {
		if *jar != "" {
			return fail(e, "image", usagef("--for and --base-jar are exclusive"))
		}
		plan, err := image.PlanFor(*forBase)
		if err != nil {
			return fail(e, "image", err)
		}
		opts.BaseJar, opts.Modules, opts.Kind = *forBase, plan.Modules, plan.Kind
		if !fs.Changed("tag") {
			opts.Tag = plan.Tag
		}
		if plan.Kind == "spring-boot" && !plan.Koupleless && !*quiet {
			fmt.Fprintf(e.stderr, "kompat image: warning: %s has no koupleless-base-starter or arklet-core under BOOT-INF/lib: nothing will answer on the arklet port\n", *forBase)
		}
	}
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
	base := opts.BaseJar
	if base == "" {
		base = "the reference base (this checkout)"
	}
	fmt.Fprintf(e.stdout, "  kind:    %s\n  base:    %s at %s\n  runtime: jlink of %d JDK module(s): %s\n", res.Kind, base, image.BaseJar,
		len(res.Modules), strings.Join(res.Modules, ", "))
	return exitOK
}

func shortID(id string) string {
	if len(id) > 19 {
		return id[:19]
	}
	return id
}
