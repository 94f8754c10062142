package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/pflag"
	"gopkg.in/yaml.v3"

	"github.com/kompat/kompat/reports"
)

// ConfigFileName is the configuration file kompat reads at the root.
const ConfigFileName = ".kompat.yaml"

// parseFlags parses a command's flags and fills the ones not given from KOMPAT_<FLAG> environment
// variables, then from the config file (--config, else .kompat.yaml at the root): flags > env >
// file. -h/--help prints the usage and examples on stdout. done reports that the command must
// return code now (help, or a usage error, with a "did you mean" for a mistyped flag).
func parseFlags(e *env, name string, fs *pflag.FlagSet, args []string) (code int, done bool) {
	config := fs.String("config", "", "config file (default: "+ConfigFileName+" at the root when it exists): any flag of any command, see README")
	if e.introspect != nil {
		*e.introspect = fs
		return exitOK, true
	}
	for _, a := range args {
		if a == "--" {
			break
		}
		if a == "-h" || a == "--help" || a == "-help" {
			printCommandHelp(e.stdout, name, fs)
			return exitOK, true
		}
	}
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			printCommandHelp(e.stdout, name, fs)
			return exitOK, true
		}
		return fail(e, name, usageError{withSuggestion(err, fs)}), true
	}
	fs.SetOutput(e.stderr)
	if err := applyEnv(fs); err != nil {
		return fail(e, name, usageError{err}), true
	}
	cfgPath := *config
	if cfgPath == "" {
		root := ""
		if f := fs.Lookup("root"); f != nil {
			root = f.Value.String()
		}
		if root == "" {
			wd, _ := os.Getwd()
			root = reports.FindRoot(wd)
		}
		cfgPath = filepath.Join(root, ConfigFileName)
		if fi, err := os.Stat(cfgPath); err != nil || !fi.Mode().IsRegular() {
			return 0, false
		}
	}
	if err := applyConfig(fs, name, cfgPath); err != nil {
		return fail(e, name, usageError{err}), true
	}
	return 0, false
}

// printCommandHelp writes a command's usage and examples.
func printCommandHelp(w io.Writer, name string, fs *pflag.FlagSet) {
	fs.SetOutput(w)
	if fs.Usage != nil {
		fs.Usage()
	} else {
		fmt.Fprintf(w, "Usage: kompat %s [flags]\n\nFlags:\n%s", name, fs.FlagUsages())
	}
	if c := commands[name]; c != nil && c.examples != "" {
		fmt.Fprintf(w, "\nExamples:\n%s", c.examples)
	}
}

// envName is the environment variable of a flag: KOMPAT_FAIL_ON for --fail-on.
func envName(flag string) string {
	return "KOMPAT_" + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

func applyEnv(fs *pflag.FlagSet) error {
	var err error
	fs.VisitAll(func(f *pflag.Flag) {
		if err != nil || f.Changed || f.Name == "help" {
			return
		}
		if v, ok := os.LookupEnv(envName(f.Name)); ok {
			if serr := fs.Set(f.Name, v); serr != nil {
				err = fmt.Errorf("%s=%q: %v", envName(f.Name), v, serr)
			}
		}
	})
	return err
}

// applyConfig reads the config file: top-level keys are command names, each a map of that
// command's flags (the long names, without --); key "all" holds report flags shared by every
// report command. Unknown commands and flags are errors.
func applyConfig(fs *pflag.FlagSet, name, path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read config: %w", err)
	}
	var doc map[string]map[string]yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("config %s: %v (want a map of command names to flag maps, e.g. scan: {fail-on: medium})", path, err)
	}
	keys := make([]string, 0, len(doc))
	for k := range doc {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, cmd := range keys {
		if cmd != "all" && commands[cmd] == nil {
			return fmt.Errorf("config %s: unknown command %q%s", path, cmd, suggest(cmd, commandNames()))
		}
		known := commandFlags(cmd)
		if cmd == "all" {
			known = reportFlagNames()
		}
		flagKeys := make([]string, 0, len(doc[cmd]))
		for k := range doc[cmd] {
			flagKeys = append(flagKeys, k)
		}
		sort.Strings(flagKeys)
		for _, k := range flagKeys {
			node := doc[cmd][k]
			if !contains(known, k) {
				return fmt.Errorf("%s:%d: %s has no flag %q%s", path, node.Line, cmd, k, suggest(k, known))
			}
			if cmd != name && cmd != "all" {
				continue
			}
			f := fs.Lookup(k)
			if f == nil || f.Changed {
				continue
			}
			var vals []string
			switch node.Kind {
			case yaml.SequenceNode:
				for _, it := range node.Content {
					vals = append(vals, it.Value)
				}
			case yaml.ScalarNode:
				vals = []string{node.Value}
			default:
				return fmt.Errorf("%s:%d: %s.%s: want a value or a list", path, node.Line, cmd, k)
			}
			for _, v := range vals {
				if err := fs.Set(k, v); err != nil {
					return fmt.Errorf("%s:%d: %s.%s: %v", path, node.Line, cmd, k, err)
				}
			}
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// commandFlags lists the long flag names of a command (empty for commands without flags).
func commandFlags(name string) []string {
	c := commands[name]
	if c == nil || name == "completion" || name == "version" || name == "rules" {
		return nil // commands without flags
	}
	var fs *pflag.FlagSet
	for _, args := range [][]string{nil, {"build"}} { // image takes its flags after "build"
		if fs == nil {
			c.run(context.Background(), &env{stdout: io.Discard, stderr: io.Discard, introspect: &fs}, args)
		}
	}
	if fs == nil {
		return nil
	}
	var out []string
	fs.VisitAll(func(f *pflag.Flag) { out = append(out, f.Name) })
	return out
}

func reportFlagNames() []string {
	fs := pflag.NewFlagSet("all", pflag.ContinueOnError)
	addReportFlags(fs, "high")
	var out []string
	fs.VisitAll(func(f *pflag.Flag) { out = append(out, f.Name) })
	return out
}

func commandNames() []string {
	var out []string
	for n := range commands {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// withSuggestion adds "did you mean --X?" to an unknown-flag error.
func withSuggestion(err error, fs *pflag.FlagSet) error {
	msg := err.Error()
	const p = "unknown flag: --"
	if i := strings.Index(msg, p); i >= 0 {
		bad := msg[i+len(p):]
		var names []string
		fs.VisitAll(func(f *pflag.Flag) { names = append(names, f.Name) })
		if s := closest(bad, names); s != "" {
			return fmt.Errorf("%s (did you mean --%s?)", msg, s)
		}
	}
	return err
}

// suggest returns ` (did you mean "x"?)` for the closest candidate, "" when none is close.
func suggest(s string, candidates []string) string {
	if best := closest(s, candidates); best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return ""
}

// closest is the candidate within two edits of s (and less than half its length), or "".
func closest(s string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		if d := editDistance(strings.ToLower(s), strings.ToLower(c)); d < bestD {
			best, bestD = c, d
		}
	}
	if best == "" || bestD > (len(s)+1)/2 {
		return ""
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
