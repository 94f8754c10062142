package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"sort"
	"syscall"

	"github.com/spf13/pflag"

	"github.com/kompat/kompat/internal/memlimit"
	"github.com/kompat/kompat/reports"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

// DefaultMemoryLimit is how far the Go heap soft limit of a kompat run sits above the live heap
// (internal/memlimit moves it after every collection), so the limit grows with the
// whole-program summaries a scan keeps. GOMEMLIMIT replaces it with a fixed limit.
const DefaultMemoryLimit = 48 << 20

// Exit codes; they never depend on the output format.
const (
	exitOK       = 0 // nothing at or above --fail-on
	exitFindings = 1 // findings at or above --fail-on (new, not suppressed), or a harness cycle failed
	exitError    = 2 // usage error, unreadable input, internal error, no container engine where required
)

// env is what a command may touch of the outside world; tests pass their own.
type env struct {
	stdout, stderr io.Writer
	stderrIsTTY    bool
	stdoutIsTTY    bool
	// introspect, when set, makes a command store its flag set there and return before doing
	// anything (config checking and shell completion read the flags this way).
	introspect **pflag.FlagSet
}

// command is one subcommand. Each lives in its own file and registers itself in init.
type command struct {
	name     string
	summary  string
	examples string // shown by --help, one command per line, indented
	run      func(ctx context.Context, e *env, args []string) int
}

var commands = map[string]*command{}

func register(c *command) { commands[c.name] = c }

// usageError marks an error caused by how the tool was called.
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }
func (u usageError) Unwrap() error { return u.err }

func usagef(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

// fail prints an error and returns exit code 2; usage errors also point at --help.
func fail(e *env, cmd string, err error) int {
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(e.stderr, "kompat %s: %s\nRun 'kompat %s --help' for usage.\n", cmd, reports.Sanitize(err.Error()), cmd)
		return exitError
	}
	fmt.Fprintf(e.stderr, "kompat %s: %s\n", cmd, reports.Sanitize(err.Error()))
	return exitError
}

func main() {
	// The scan allocates per-file trees that die young while its live heap stays small: collect
	// less often than Go's default (GOGC=100) unless the user set GOGC.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	// ...but stay within a bounded heap: the soft limit makes the GC work harder only when the
	// transient heap approaches it; it sits that far above the live heap (GOMEMLIMIT overrides).
	if os.Getenv("GOMEMLIMIT") == "" {
		memlimit.Manage(DefaultMemoryLimit)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	e := &env{stdout: os.Stdout, stderr: os.Stderr, stderrIsTTY: isTerminal(os.Stderr), stdoutIsTTY: isTerminal(os.Stdout)}
	code := run(ctx, e, os.Args[1:])
	stop()
	os.Exit(code)
}

// run dispatches to a subcommand and returns the exit code.
func run(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 {
		printUsage(e.stderr)
		return exitError
	}
	switch args[0] {
	case "-h", "--help":
		printUsage(e.stdout)
		return exitOK
	case "--version", "-version", "-V":
		return commands["version"].run(ctx, e, nil)
	case "help":
		if len(args) == 1 {
			printUsage(e.stdout)
			return exitOK
		}
		if _, ok := commands[args[1]]; !ok {
			return unknownCommand(e, args[1])
		}
		return commands[args[1]].run(ctx, e, []string{"--help"})
	}
	c, ok := commands[args[0]]
	if !ok {
		return unknownCommand(e, args[0])
	}
	return c.run(ctx, e, args[1:])
}

func unknownCommand(e *env, name string) int {
	fmt.Fprintf(e.stderr, "kompat: unknown command %q%s\nRun 'kompat help' for the list of commands.\n", reports.SanitizeLine(name), suggest(name, commandNames()))
	return exitError
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "kompat: is this Java code safe to run as a Koupleless module?")
	fmt.Fprintln(w, "\nUsage: kompat <command> [flags] [args]\n\nCommands:")
	var names []string
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'kompat help CMD' or 'kompat CMD --help' for a command's flags and examples;")
	fmt.Fprintln(w, "'kompat completion bash|zsh|fish' prints a shell completion script.")
	fmt.Fprintln(w, "\nExit codes: 0 clean, 1 findings at or above --fail-on (or a failed harness cycle), 2 usage or tool error.")
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	if err != nil {
		return false
	}
	return fi.Mode()&os.ModeCharDevice != 0
}
