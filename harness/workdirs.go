package harness

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// WorkDirPrefix starts the name of every process base's work dir (under the temp dir).
const WorkDirPrefix = "kompat-base-"

// workDirOwnerFile, in a work dir, holds host:pid of the kompat process that made it.
const workDirOwnerFile = "kompat-owner"

// writeWorkDirOwner records this process as the owner of a work dir.
func writeWorkDirOwner(dir string) error {
	host, _ := os.Hostname()
	return os.WriteFile(filepath.Join(dir, workDirOwnerFile), []byte(host+":"+strconv.Itoa(os.Getpid())+"\n"), 0o644)
}

// WorkDir is a process base's work dir found by CleanupWorkDirs.
type WorkDir struct {
	Path  string
	Owner string // host:pid, "" when the dir names none
}

// CleanupWorkDirs removes the kompat-base-* work dirs under root (the temp dir when empty) that a
// kompat process left behind when it was killed: those whose recorded owner is no longer alive
// on this host, or every one that names an owner with all. A dir that names no owner is not
// touched. With dry nothing is removed; the dirs are only listed.
func CleanupWorkDirs(root string, all, dry bool) ([]WorkDir, error) {
	if root == "" {
		root = os.TempDir()
	}
	ents, err := os.ReadDir(root)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", root, err)
	}
	var done []WorkDir
	var errs []error
	for _, e := range ents {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), WorkDirPrefix) {
			continue
		}
		dir := filepath.Join(root, e.Name())
		data, err := os.ReadFile(filepath.Join(dir, workDirOwnerFile))
		if err != nil {
			continue
		}
		owner := strings.TrimSpace(string(data))
		if owner == "" || (!all && ownerAlive(owner)) {
			continue
		}
		if !dry {
			if err := os.RemoveAll(dir); err != nil && !errors.Is(err, os.ErrNotExist) {
				errs = append(errs, fmt.Errorf("remove work dir %s: %w", dir, err))
				continue
			}
		}
		done = append(done, WorkDir{Path: dir, Owner: owner})
	}
	return done, errors.Join(errs...)
}
