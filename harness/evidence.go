package harness

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

func quoted(s string) (string, bool) {
	i := strings.IndexByte(s, '\'')
	if i < 0 {
		return "", false
	}
	j := strings.IndexByte(s[i+1:], '\'')
	if j < 0 {
		return "", false
	}
	return s[i+1 : i+1+j], true
}

func firstN(s []string, n int) []string {
	if len(s) > n {
		return append(append([]string{}, s[:n]...), fmt.Sprintf("... (%d more)", len(s)-n))
	}
	return s
}

func firstLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[:n]
	}
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	return strings.Join(lines, " | ")
}

func shortErr(err error) string {
	s := err.Error()
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 240 {
		s = s[:240] + "..."
	}
	return s
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

func logLines(ctx context.Context, b base, n int) []string {
	if b == nil {
		return nil
	}
	s, err := b.Logs(ctx)
	if err != nil || strings.TrimSpace(s) == "" {
		return nil
	}
	var out []string
	for _, l := range strings.Split(tail(s, n), "\n") {
		out = append(out, "log: "+l)
	}
	return out
}

func logTail(ctx context.Context, b base, n int) string {
	lines := logLines(ctx, b, n)
	lines = append(lines, baseLogFileTails(ctx, b, n)...)
	if len(lines) == 0 {
		return ""
	}
	return "\nbase log (last lines):\n" + strings.Join(lines, "\n")
}

// failureTail is how many lines of each log go into the evidence of a failure.
const failureTail = 40

// logDirBase is a base whose logging.path ({logdir}) is readable on this machine.
type logDirBase interface{ LogDir() string }

// failureLogs is the evidence of a failed install or uninstall or a dead base: the tail of the
// base's stdout and stderr, then the tail of every sofa-ark and arklet log file under its
// logging.path (sofa-ark/common-error.log, sofa-arklet/common-default.log, ...), where a real
// base writes what went wrong: their logback configuration has no console appender.
func failureLogs(ctx context.Context, b base) []string {
	return append(logLines(ctx, b, failureTail), baseLogFileTails(ctx, b, failureTail)...)
}

// logFilesBase is a base whose log files its runtime reads (a container's {logdir}, through the
// engine): contents by slash path relative to {logdir}.
type logFilesBase interface {
	LogFiles(ctx context.Context) (map[string]string, error)
}

// baseLogFileTails is logFileTails for whichever way the base's log files can be read.
func baseLogFileTails(ctx context.Context, b base, n int) []string {
	switch lb := b.(type) {
	case logDirBase:
		return logFileTails(lb.LogDir(), n)
	case logFilesBase:
		files, _ := lb.LogFiles(ctx)
		var names []string
		for name := range files {
			if strings.Contains(name, "sofa-ark") || strings.Contains(name, "arklet") {
				names = append(names, name)
			}
		}
		sort.Strings(names)
		var out []string
		for _, name := range names {
			if strings.TrimSpace(files[name]) == "" {
				continue
			}
			for _, l := range strings.Split(tail(files[name], n), "\n") {
				out = append(out, name+": "+l)
			}
		}
		return out
	}
	return nil
}

// logFileTails gives the last n lines of each non-empty sofa-ark or arklet log file under dir,
// each line prefixed with the file's path relative to dir.
func logFileTails(dir string, n int) []string {
	var files []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if rel, rerr := filepath.Rel(dir, p); rerr == nil && (strings.Contains(rel, "sofa-ark") || strings.Contains(rel, "arklet")) {
				files = append(files, rel)
			}
		}
		return nil
	})
	sort.Strings(files)
	var out []string
	for _, rel := range files {
		data, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil || len(bytes.TrimSpace(data)) == 0 {
			continue
		}
		for _, l := range strings.Split(tail(string(data), n), "\n") {
			out = append(out, rel+": "+l)
		}
	}
	return out
}
