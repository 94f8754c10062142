package scanner

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"unicode/utf8"

	"github.com/kompat/kompat/reports"
	"github.com/kompat/kompat/rules"
)

// The scan cache: a scan whose every input file has the same content (SHA-256), with the same
// kompat build, rules and options, as an earlier scan returns that scan's report without parsing
// anything. The key covers each file's content hash, so any edit, added or removed file misses.
// Findings depend on facts across files (release partners, the whole-program phase), so results
// are cached for the whole set of files, not file by file.

// cacheFormat is bumped when the cached layout changes.
const cacheFormat = "kompat-scan-cache-1"

// DefaultCacheDir is where kompat keeps its scan cache: the user cache directory.
func DefaultCacheDir() string {
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "kompat", "scan")
}

type cacheEntry struct {
	Format   string          `json:"format"`
	Report   *reports.Report `json:"report"`
	Snippets []string        `json:"snippets"` // Finding.Snippet is not part of the report JSON
}

// cacheKeyOf hashes what decides the report: the kompat build, options, rules and the content of
// every job. It returns "" when a job is not a regular file (never read a FIFO or device here).
func cacheKeyOf(cfg Config, enabled []*rules.Meta, jobs []job) string {
	h := sha256.New()
	put := func(s ...string) {
		for _, x := range s {
			h.Write([]byte(x))
			h.Write([]byte{0})
		}
	}
	put(cacheFormat, buildIdentity(cfg.Version), cfg.Side.String(), fmt.Sprint(cfg.MaxFileSize), fmt.Sprint(cfg.EverySite))
	put(cfg.Paths...)
	put(cfg.Excludes...)
	var globs []string
	for g, s := range cfg.SideOverrides {
		globs = append(globs, g+"="+s.String())
	}
	sort.Strings(globs)
	put(globs...)
	for _, m := range enabled {
		put(m.ID, m.Severity.Base.String(), m.Severity.Module.String())
	}
	sorted := append([]job(nil), jobs...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].path < sorted[j].path })
	for _, j := range sorted {
		fi, err := os.Stat(j.fs)
		if err != nil || !fi.Mode().IsRegular() {
			return ""
		}
		f, err := os.Open(j.fs)
		if err != nil {
			return ""
		}
		fh := sha256.New()
		_, err = io.Copy(fh, f)
		f.Close()
		if err != nil {
			return ""
		}
		put(j.path, j.kind, j.side.String(), hex.EncodeToString(fh.Sum(nil)))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// buildIdentity names the kompat build: its version and, since a rebuilt binary keeps the same
// version string during development, the executable's path, size and modification time.
func buildIdentity(version string) string {
	id := version
	if exe, err := os.Executable(); err == nil {
		if fi, err := os.Stat(exe); err == nil {
			id += fmt.Sprintf("\x00%s\x00%d\x00%d", exe, fi.Size(), fi.ModTime().UnixNano())
		}
	}
	return id
}

func cachePath(dir, key string) string { return filepath.Join(dir, key[:2], key+".json") }

// loadCached returns the cached report for key, nil on a miss or an unreadable entry.
func loadCached(dir, key string) *reports.Report {
	data, err := os.ReadFile(cachePath(dir, key))
	if err != nil {
		return nil
	}
	var e cacheEntry
	if json.Unmarshal(data, &e) != nil || e.Format != cacheFormat || e.Report == nil || len(e.Snippets) != len(e.Report.Findings) {
		return nil
	}
	for i := range e.Report.Findings {
		e.Report.Findings[i].Snippet = e.Snippets[i]
	}
	return e.Report
}

// storeCached writes the entry atomically (a temp file renamed), so a concurrent scan never reads
// half of one. Failing to cache is not an error.
func storeCached(dir, key string, rep *reports.Report) {
	e := cacheEntry{Format: cacheFormat, Report: rep, Snippets: make([]string, len(rep.Findings))}
	for i, f := range rep.Findings {
		e.Snippets[i] = f.Snippet
	}
	data, err := json.Marshal(e)
	if err != nil {
		return
	}
	writeAtomic(cachePath(dir, key), data)
}

// cacheable reports whether a finished scan may be cached: nothing failed to read, and JSON
// keeps every string as it is (it would replace bytes that are not UTF-8, e.g. in a file name).
func cacheable(rep *reports.Report) bool {
	if rep.HasErrors() {
		return false
	}
	for _, f := range rep.Findings {
		for _, s := range append([]string{f.Message, f.Location.Path, f.Location.Symbol, f.Snippet, f.Fix}, f.Evidence...) {
			if !utf8.ValidString(s) {
				return false
			}
		}
		for _, l := range f.Related {
			if !utf8.ValidString(l.Path) || !utf8.ValidString(l.Symbol) {
				return false
			}
		}
	}
	for _, n := range rep.Notices {
		if !utf8.ValidString(n.Path) || !utf8.ValidString(n.Message) {
			return false
		}
	}
	for _, in := range rep.Inputs {
		if !utf8.ValidString(in) {
			return false
		}
	}
	return true
}
