package rules

import (
	"fmt"
	"runtime/debug"

	"github.com/kompat/kompat/reports"
)

// Archive is what an archive rule (frontend "archive") sees of one jar of the scanner's walk.
type Archive struct {
	Path     string   // display path: app.jar!/BOOT-INF/lib/x-1.2.jar
	Artifact string   // Maven groupId:artifactId:version when known
	Services []string // service interfaces registered under META-INF/services
	Native   []string // entry names of native libraries
	// Duplicates lists entry names that occur more than once in the archive.
	Duplicates []string
}

// Display names the archive in messages: its coordinates, else its path.
func (a *Archive) Display() string {
	if a.Artifact != "" {
		return a.Artifact
	}
	return a.Path
}

// ArchivePass is one archive rule applied to one archive.
type ArchivePass struct {
	Archive *Archive
	Side    Side
	Meta    *Meta
	out     []reports.Finding
}

// Report reports a finding on the archive; the snippet names what was found, for the fingerprint.
func (ap *ArchivePass) Report(snippet, format string, args ...any) {
	a := ap.Archive
	ap.out = append(ap.out, ap.Meta.NewFinding(ap.Side, reports.Location{Path: a.Path, Line: 1, Symbol: a.Artifact, Artifact: a.Artifact},
		fmt.Sprintf(format, args...), snippet))
}

// RunArchive applies the enabled archive rules to one archive. A rule that panics is an error
// notice (KP9003); the other rules still run.
func (e *Engine) RunArchive(a *Archive, side Side) ([]reports.Finding, []reports.Notice) {
	var out []reports.Finding
	var notices []reports.Notice
	for _, m := range e.archive {
		ap := &ArchivePass{Archive: a, Side: side, Meta: m}
		func() {
			defer func() {
				if r := recover(); r != nil {
					notices = append(notices, reports.Notice{Code: "KP9003", Level: reports.NoticeError, Path: a.Path,
						Message: fmt.Sprintf("rule %s failed on this archive: %v\n%s", m.ID, r, debug.Stack())})
				}
			}()
			CheckFor(m.ID).Archive(ap)
		}()
		out = append(out, ap.out...)
	}
	return out, notices
}

// HasArchiveRules reports whether any enabled rule runs on archives.
func (e *Engine) HasArchiveRules() bool { return len(e.archive) > 0 }
