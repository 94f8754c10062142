package reports

import (
	"os"
	"path/filepath"
	"strings"
)

// FindRoot returns the directory report paths are made relative to when the user gave no --root:
// the enclosing git work tree of dir (the nearest ancestor holding .git), else dir itself.
func FindRoot(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return dir
	}
	for d := abs; ; {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return abs
		}
		d = parent
	}
}

// RelPath makes a report path relative to root (slash-separated) when it lies inside root; a
// path inside nested archives ("app.jar!/x/Y.class") has its outer file made relative. Paths
// outside the root, and paths that are not file paths (URLs, image references), stay as they are.
func RelPath(root, p string) string {
	if root == "" || p == "" || strings.Contains(p, "://") {
		return p
	}
	outer, inner := p, ""
	if i := strings.Index(p, "!/"); i >= 0 {
		outer, inner = p[:i], p[i:]
	}
	abs := outer
	if !filepath.IsAbs(abs) {
		a, err := filepath.Abs(abs)
		if err != nil {
			return p
		}
		abs = a
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return p
	}
	return filepath.ToSlash(rel) + inner
}

// Relativize sets the report's root and rewrites every finding, related and notice path to be
// relative to it, recomputing fingerprints of moved findings, so a baseline written by
// `kompat scan .` matches `kompat scan $PWD` and a scan started from a subdirectory.
func (r *Report) Relativize(root string) {
	if root == "" {
		return
	}
	if abs, err := filepath.Abs(root); err == nil {
		root = abs
	}
	r.Root = root
	for i := range r.Findings {
		f := &r.Findings[i]
		if np := RelPath(root, f.Location.Path); np != f.Location.Path {
			f.Location.Path = np
			if f.Fingerprint != "" {
				f.ComputeFingerprint()
			}
		}
		for k := range f.Related {
			f.Related[k].Path = RelPath(root, f.Related[k].Path)
		}
		if f.Suppression != nil && f.Suppression.Where != "" {
			f.Suppression.Where = RelPath(root, f.Suppression.Where)
		}
	}
	for i := range r.Notices {
		r.Notices[i].Path = RelPath(root, r.Notices[i].Path)
	}
}

// AbsPath is the file on disk a root-relative report path names ("" for a path inside an
// archive, whose outer file AbsPath(OuterPath(p)) names).
func (r *Report) AbsPath(p string) string {
	if strings.Contains(p, "!/") || strings.Contains(p, "://") {
		return ""
	}
	if filepath.IsAbs(p) || r.Root == "" {
		return p
	}
	return filepath.Join(r.Root, filepath.FromSlash(p))
}

// OuterPath is the outermost file of a path inside nested archives.
func OuterPath(p string) string {
	if i := strings.Index(p, "!/"); i >= 0 {
		return p[:i]
	}
	return p
}
