package scanner

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/kompat/kompat/reports"
	"github.com/kompat/kompat/rules"
	"github.com/kompat/kompat/scanner/archive"
	"github.com/kompat/kompat/scanner/classfile"
)

type bytecodeResult struct {
	findings []reports.Finding
	notices  []reports.Notice
	bytes    int64
	classes  int
	skipped  bool
}

// decoders are the workers' class-file decoders: one reuses its parse and lowering buffers from
// class to class. That is safe because nothing keeps a class's IR after Engine.RunFile returns
// (findings and whole-program summaries copy what they need, and the IR's strings are never
// reused), and halves the CPU the class-file path spends allocating and collecting garbage.
var decoders = sync.Pool{New: func() any { return new(classfile.Decoder) }}

// scanBytecode walks a class file or an archive (nested jars included, in memory) and runs the
// rules over every class. A class that cannot be read is an error notice; the walk goes on.
func scanBytecode(ctx context.Context, j job, eng *rules.Engine, excludes []string) bytecodeResult {
	res := bytecodeResult{bytes: j.size}
	opts := archive.Options{Notice: func(n reports.Notice) { res.notices = append(res.notices, n) }}
	dec := decoders.Get().(*classfile.Decoder)
	done := false
	defer func() {
		if done { // a decoder a panic left mid-class is not reused (scanJob reports the panic)
			decoders.Put(dec)
		}
	}()
	err := archive.Walk(ctx, j.fs, opts, func(e *archive.Entry) error {
		if e.Kind == archive.KindArchive {
			fs, ns := archiveFindings(e, j.side, eng, excludes)
			res.findings = append(res.findings, fs...)
			res.notices = append(res.notices, ns...)
			return nil
		}
		if e.Kind != archive.KindClass {
			return nil
		}
		if excludedEntry(excludes, e) {
			return nil
		}
		f, err := dec.Decode(e.Data, e.Path, e.Archive.Artifact.GAV())
		if err != nil {
			res.notices = append(res.notices, reports.Notice{Code: "KP9210", Level: reports.NoticeError, Path: e.Path,
				Message: fmt.Sprintf("class file skipped: %v", err)})
			return nil
		}
		res.classes++
		fs, ns := eng.RunFile(f, sideOfRole(j.side, e.Role))
		res.findings = append(res.findings, fs...)
		res.notices = append(res.notices, ns...)
		return nil
	})
	done = true
	if err != nil {
		res.skipped = true
		res.notices = append(res.notices, reports.Notice{Code: archive.CodeUnreadable, Level: reports.NoticeError, Path: j.path,
			Message: fmt.Sprintf("cannot scan: %v", err)})
	}
	return res
}

// sideOfRole: ark plugins are shared by every app; an ark-biz jar's own classes and lib/ are
// private to the module; everything else is on the side the scan (or the input) was given.
func sideOfRole(configured rules.Side, r archive.Role) rules.Side {
	switch r {
	case archive.RolePlugin, archive.RolePluginLib:
		return rules.SideBase
	case archive.RoleBizRoot, archive.RoleBizLib:
		return rules.SideModule
	}
	return configured
}

// excludedEntry applies --exclude to bytecode: a pattern with a colon matches the Maven
// groupId:artifactId of the jar a class comes from (e.g. "com.acme:legacy-*"), any other pattern
// matches the class's path inside the archive chain.
func excludedEntry(globs []string, e *archive.Entry) bool {
	for _, g := range globs {
		if strings.Contains(g, ":") {
			for a := e.Archive; a != nil; a = a.Parent {
				if ok, _ := doublestar.Match(g, a.Artifact.GA()); ok {
					return true
				}
			}
			continue
		}
		if ok, _ := doublestar.Match(g, e.Name); ok {
			return true
		}
		if ok, _ := doublestar.Match(g, e.Path); ok {
			return true
		}
	}
	return false
}

// archiveFindings runs the archive rules (frontend "archive") of the engine on one archive of the
// walk: the scanner hands over the jar-level facts, the rules decide.
func archiveFindings(e *archive.Entry, configured rules.Side, eng *rules.Engine, excludes []string) ([]reports.Finding, []reports.Notice) {
	a := e.Archive
	if a == nil || !eng.HasArchiveRules() || a.Layout == archive.LayoutJmod || excludedArchive(excludes, a) {
		return nil, nil // the JDK's own jmods are not module content
	}
	return eng.RunArchive(&rules.Archive{Path: a.Path, Artifact: a.Artifact.GAV(), Services: a.Services, Native: a.Native, Duplicates: a.Duplicates}, sideOfRole(configured, e.Role))
}

func excludedArchive(globs []string, a *archive.Archive) bool {
	for _, g := range globs {
		for x := a; x != nil; x = x.Parent {
			if strings.Contains(g, ":") {
				if ok, _ := doublestar.Match(g, x.Artifact.GA()); ok {
					return true
				}
			}
		}
	}
	return false
}
