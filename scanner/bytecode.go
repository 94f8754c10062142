package scanner

import (
	"context"
	"fmt"
	"strings"

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

// scanBytecode walks a class file or an archive (nested jars included, in memory) and runs the
// rules over every class. A class that cannot be read is an error notice; the walk goes on.
func scanBytecode(ctx context.Context, j job, eng *rules.Engine, jarRules map[string]*rules.Meta, excludes []string) bytecodeResult {
	res := bytecodeResult{bytes: j.size}
	opts := archive.Options{Notice: func(n reports.Notice) { res.notices = append(res.notices, n) }}
	err := archive.Walk(ctx, j.fs, opts, func(e *archive.Entry) error {
		if e.Kind == archive.KindArchive {
			res.findings = append(res.findings, archiveFindings(e, j.side, jarRules, excludes)...)
			return nil
		}
		if e.Kind != archive.KindClass {
			return nil
		}
		if excludedEntry(excludes, e) {
			return nil
		}
		f, err := classfile.ParseAndLower(e.Data, e.Path, e.Archive.Artifact.GAV())
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

// archiveFindings applies the jar-level rules (frontend "archive") to one archive of the walk: a
// module jar that registers a JDBC driver through META-INF/services, or that ships native code.
func archiveFindings(e *archive.Entry, configured rules.Side, jarRules map[string]*rules.Meta, excludes []string) []reports.Finding {
	a := e.Archive
	side := sideOfRole(configured, e.Role)
	if a == nil || len(jarRules) == 0 || a.Layout == archive.LayoutJmod || excludedArchive(excludes, a) {
		return nil // the JDK's own jmods are not module content
	}
	var out []reports.Finding
	add := func(id, msg, snippet string) {
		m := jarRules[id]
		if m == nil {
			return
		}
		out = append(out, m.NewFinding(side, reports.Location{Path: a.Path, Line: 1, Symbol: a.Artifact.GAV(), Artifact: a.Artifact.GAV()}, msg, snippet))
	}
	if a.JDBCDriver {
		add("KP4007", fmt.Sprintf("%s registers a JDBC driver through META-INF/services/java.sql.Driver: packed in a module, DriverManager keeps the driver and the module's ClassLoader after uninstall", displayName(a)), "jdbc-driver-service")
	}
	if classes := duplicateClasses(a.Duplicates); len(classes) > 0 {
		add("KP4009", fmt.Sprintf("%s holds two or more entries for %s: the JVM loads the last copy, other tools read the first (every copy was scanned)", displayName(a), strings.Join(firstN(classes, 3), ", ")), "duplicate:"+strings.Join(classes, ","))
	}
	if len(a.Native) > 0 {
		add("KP4008", fmt.Sprintf("%s ships native code (%s): a JNI library binds to one ClassLoader, so a second module or a reinstall fails with UnsatisfiedLinkError", displayName(a), strings.Join(firstN(a.Native, 3), ", ")), "native:"+strings.Join(a.Native, ","))
	}
	return out
}

func displayName(a *archive.Archive) string {
	if gav := a.Artifact.GAV(); gav != "" {
		return gav
	}
	return a.Path
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

func firstN(list []string, n int) []string {
	if len(list) > n {
		return append(append([]string{}, list[:n]...), fmt.Sprintf("and %d more", len(list)-n))
	}
	return list
}

// duplicateClasses keeps the class entries of an archive's duplicate entry names.
func duplicateClasses(names []string) []string {
	var out []string
	for _, n := range names {
		if strings.HasSuffix(n, ".class") {
			out = append(out, n)
		}
	}
	return out
}
