package main

import (
	"os"
	"path/filepath"
	"strconv"
	"time"

	"golang.org/x/sys/unix"

	"github.com/kompat/kompat/reports"
)

// terminalWidth is the width tables wrap to: $COLUMNS, else the terminal's, else 0 (the
// writer's default, for CI logs and files).
func terminalWidth(e *env) int {
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n > 20 {
		return n
	}
	if !e.stdoutIsTTY {
		return 0
	}
	ws, err := unix.IoctlGetWinsize(int(os.Stdout.Fd()), unix.TIOCGWINSZ)
	if err != nil || ws.Col < 20 {
		return 0
	}
	return int(ws.Col)
}

// applyIgnoreFile applies --ignore-file, or .kompat-ignore.yaml at the root when it exists.
func (rf *reportFlags) applyIgnoreFile(r *reports.Report) error {
	p := rf.ignoreFile
	if p == "" {
		p = filepath.Join(r.Root, reports.IgnoreFileName)
		if fi, err := os.Stat(p); err != nil || !fi.Mode().IsRegular() {
			return nil
		}
	}
	ig, err := reports.ReadIgnoreFile(p)
	if err != nil {
		return usageError{err}
	}
	ig.Path = reports.RelPath(r.Root, p)
	ig.Apply(r, time.Now())
	return nil
}
