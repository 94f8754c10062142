package scanner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/kompat/kompat/adapters"
	"github.com/kompat/kompat/reports"
	"github.com/kompat/kompat/rules"
	_ "github.com/kompat/kompat/rules/checks" // registers the Go checks
	"github.com/kompat/kompat/scanner/javasrc"
)

// Config says what to scan and how.
type Config struct {
	Paths    []string
	Excludes []string // doublestar globs matched against slash paths relative to each input
	Side     rules.Side
	// SideOverrides assigns a side to inputs by path glob (matched against the input path as given).
	SideOverrides map[string]rules.Side
	Rules         []*rules.Meta // enabled rules; nil means all
	Workers       int           // 0 means GOMAXPROCS
	Progress      io.Writer     // nil for no progress
	Version       string
	// MaxFileSize: larger source files are not scanned, which is an error notice (exit 2); 0
	// means DefaultMaxFileSize, a negative value means no limit.
	MaxFileSize int64
	// IncludeTests scans test code (src/test, src/testFixtures, src/jmh, src/it, test-classes...)
	// and build tooling (buildSrc, wrapper jars), which are skipped by default.
	IncludeTests bool
	// CacheDir, when set, caches the report of a scan by the content of all its files (see
	// cache.go), so a re-scan of an unchanged tree parses nothing, and each source file's parse
	// by its content (filecache.go), so a re-scan of a changed tree parses only what changed.
	CacheDir string
	// Adapters names, for findings in classes a Koupleless adapter replaces, the adapter that
	// fixes them (the official catalog plus Mappings), and with Base whether the base has it. It is
	// on whenever Base or Mappings are set.
	Adapters bool
	Base     string   // the base the module runs in (fat jar, pom, project dir, saved Maven output)
	Mappings []string // extra adapter-mapping.yaml files
	// EverySite keeps every rule's finding at every site: no one-finding-per-problem merge
	// (rules.MergeFindings). The fixture runner tests each rule's sites this way.
	EverySite bool
}

// job is one unit of work: a source file, or an archive/class input handled by the bytecode frontend.
type job struct {
	path string // display path
	fs   string // path on disk
	side rules.Side
	kind string // "java" or "bytecode"
	size int64
	// explicit: named on the command line (not found by walking a directory)
	explicit bool
}

// fileSuppressions keeps a file's suppressions until deferred findings are decided.
type fileSuppressions struct {
	list []javasrc.Suppression
	used []bool
}

// Scan runs the scan, and the adapter annotation of its findings when cfg asks for it. The error
// is for failures of the tool itself; unreadable inputs are error notices in the report, and so
// is a scan that found nothing to look at (KP9007): an empty scan is not a pass.
func Scan(ctx context.Context, cfg Config) (*reports.Report, error) {
	rep, err := scan(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if rep.Stats.Files == 0 && !rep.HasErrors() { // Files counts scanned inputs only
		rep.Notices = append(rep.Notices, reports.Notice{Code: NoticeNothingScanned, Level: reports.NoticeError,
			Message: fmt.Sprintf("nothing scanned: no .java, .class, .jar, .war, .ear or .jmod file under %s (or every one was excluded or skipped)", strings.Join(rep.Inputs, ", "))})
	}
	if cfg.Adapters || cfg.Base != "" || len(cfg.Mappings) > 0 {
		cat, baseInv, notices := adapters.ForBase(cfg.Base, cfg.Mappings)
		rep.Notices = append(rep.Notices, notices...)
		if cat != nil {
			cat.Annotate(rep.Findings, baseInv)
		}
	}
	return rep, nil
}

// NoticeNothingScanned is the error notice of a scan that found nothing to look at.
const NoticeNothingScanned = "KP9007"

func scan(ctx context.Context, cfg Config) (*reports.Report, error) {
	start := time.Now()
	rep := reports.New("scan", cfg.Version)
	rep.Side = cfg.Side.String()
	rep.Inputs = append(rep.Inputs, cfg.Paths...)
	enabled := cfg.Rules
	if enabled == nil {
		all, err := rules.Load()
		if err != nil {
			return nil, err
		}
		enabled = all
	}
	eng := rules.NewEngine(enabled)
	for _, m := range enabled {
		rep.Rules = append(rep.Rules, m.Info())
	}
	ran := map[string]bool{}
	for _, m := range eng.Rules() {
		ran[m.ID] = true
		ran[m.Slug] = true
	}
	jobs, notices := collect(cfg)
	rep.Notices = append(rep.Notices, notices...)
	if cfg.MaxFileSize == 0 {
		cfg.MaxFileSize = DefaultMaxFileSize
	}
	cacheKey := ""
	if cfg.CacheDir != "" && len(notices) == 0 {
		if cacheKey = cacheKeyOf(cfg, enabled, jobs); cacheKey != "" {
			if c := loadCached(cfg.CacheDir, cacheKey); c != nil {
				c.Stats.DurationMS = time.Since(start).Milliseconds()
				return c, nil
			}
		}
	}
	fc := newFileCache(cfg.CacheDir, buildIdentity(cfg.Version))
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	in := make(chan job)
	out := make(chan result, workers)
	var wg sync.WaitGroup
	var initErr error
	var initOnce sync.Once
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, err := javasrc.NewParser()
			if err != nil {
				initOnce.Do(func() { initErr = err })
				for range in {
				}
				return
			}
			defer p.Close()
			for j := range in {
				r := scanJob(ctx, p, j, &cfg, eng, fc)
				select {
				case out <- r:
				case <-ctx.Done():
				}
			}
		}()
	}
	go func() {
		defer close(in)
		for _, j := range jobs {
			select {
			case in <- j:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(out) }()

	prog := newProgress(cfg.Progress, len(jobs))
	sups := map[string]*fileSuppressions{}
	seen := map[string]bool{}
	fromSource := map[string]bool{}
	var compiled []reports.Finding // findings in class files, kept unless the class's source was scanned
	for r := range out {
		prog.step()
		if r.skipped {
			rep.Stats.Skipped++ // a skipped input is not a scanned file
		} else {
			rep.Stats.Files++
			rep.Stats.Bytes += r.bytes
			if r.cached {
				rep.Stats.Cached++
			}
		}
		rep.Stats.Classes += r.classes
		rep.Notices = append(rep.Notices, r.notices...)
		for _, c := range r.defined {
			fromSource[c] = true
		}
		for _, f := range r.findings {
			key := fmt.Sprintf("%s|%d|%s", f.Fingerprint, f.Location.Line, f.Location.Path)
			if seen[key] {
				continue
			}
			seen[key] = true
			seen[siteKey(f)] = true
			if isCompiled(f) {
				compiled = append(compiled, f)
				continue
			}
			rep.Findings = append(rep.Findings, f)
		}
		if r.sups != nil {
			sups[r.path] = r.sups
		}
	}
	prog.done()
	javasrc.ReleaseMemory() // every parser is closed: their trees' pages go back before the program phase
	if initErr != nil {
		return nil, fmt.Errorf("start parser: %w", initErr)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("scan interrupted: %w", err)
	}
	for _, d := range eng.Finish() {
		f := d.Finding
		if seen[siteKey(f)] {
			continue // the program phase found again what a file's rule reported at the same place
		}
		if s := sups[d.Path]; s != nil {
			f = applySuppressions([]reports.Finding{f}, s)[0]
		}
		if isCompiled(f) {
			compiled = append(compiled, f)
			continue
		}
		rep.Findings = append(rep.Findings, f)
	}
	// The same class seen as a .java file and as a compiled class (loose or in a jar) is reported
	// once, at the source location.
	for _, f := range compiled {
		if !slices.ContainsFunc(topLevelOwners(f.Location.Symbol), func(c string) bool { return fromSource[c] }) {
			rep.Findings = append(rep.Findings, f)
		}
	}
	// one finding per problem: several rules on one static field or one line, first-use
	// advisories once per code base
	if !cfg.EverySite {
		rep.Findings = rules.MergeFindings(rep.Findings)
	}
	for _, msg := range eng.ProgramErrors() {
		rep.Notices = append(rep.Notices, reports.Notice{Code: "KP9003", Level: reports.NoticeError, Message: msg})
	}
	rep.Notices = append(rep.Notices, suppressionNotices(sups, ran)...)
	rep.Stats.DurationMS = time.Since(start).Milliseconds()
	rep.Sort()
	if cacheKey != "" && cacheable(rep) {
		storeCached(cfg.CacheDir, cacheKey, rep)
	}
	return rep, nil
}

// siteKey is a rule at a line of a file: one finding per rule and place.
func siteKey(f reports.Finding) string {
	return fmt.Sprintf("site|%s|%s|%d", f.RuleID, f.Location.Path, f.Location.Line)
}

// result is what one job yields.
type result struct {
	findings []reports.Finding
	notices  []reports.Notice
	sups     *fileSuppressions
	path     string
	bytes    int64
	classes  int
	skipped  bool
	cached   bool     // the source file's parse came from the per-file cache
	defined  []string // top-level classes a source file declares
}

// scanJob scans one input. A panic anywhere in its work (parser, lowering, rules) becomes an
// error notice for that input; the other inputs' findings are kept.
func scanJob(ctx context.Context, p *javasrc.Parser, j job, cfg *Config, eng *rules.Engine, fc *fileCache) (r result) {
	r.path = j.path
	defer func() {
		if x := recover(); x != nil {
			r.findings, r.sups = nil, nil
			r.notices = append(r.notices, reports.Notice{Code: "KP9003", Level: reports.NoticeError, Path: j.path,
				Message: fmt.Sprintf("internal error, this input was not scanned: %v\n%s", x, debug.Stack())})
			r.skipped = true
		}
	}()
	if testJobHook != nil {
		testJobHook(j.path)
	}
	switch j.kind {
	case "java":
		r.bytes = j.size
		src, err := readSource(j.fs, cfg.MaxFileSize)
		var big *tooBigError
		switch {
		case errors.As(err, &big):
			r.notices = append(r.notices, reports.Notice{Code: "KP9005", Level: reports.NoticeError, Path: j.path,
				Message: fmt.Sprintf("not scanned: %d bytes is over the %d-byte source size limit (raise it with --max-file-size, 0 waives it; or --exclude the file)", big.size, cfg.MaxFileSize)})
			r.skipped = true
			return r
		case errors.Is(err, errNotRegular):
			r.notices = append(r.notices, notRegular(j.path, j.explicit))
			r.skipped = true
			return r
		case err != nil:
			r.notices = append(r.notices, unreadable(j.path, err))
			r.skipped = true
			return r
		}
		r.bytes = int64(len(src))
		var res *javasrc.Result
		key := ""
		if fc != nil {
			key = fc.key(j.path, src)
			if c, ok := fc.load(key); ok {
				res, r.cached = &c, true
			}
		}
		if res == nil {
			res, err = p.ParseContext(ctx, j.path, src)
			if err != nil {
				r.notices = append(r.notices, res.Notices...)
				r.skipped = true
				return r
			}
			if fc != nil {
				fc.store(key, res)
			}
		}
		r.notices = append(r.notices, res.Notices...)
		fs, ns := eng.RunFile(res.File, j.side)
		r.findings, r.notices = fs, append(r.notices, ns...)
		r.classes = len(res.File.Classes)
		for _, c := range res.File.Classes {
			if !strings.Contains(c.Name, "$") {
				r.defined = append(r.defined, c.Name)
			}
		}
		if len(res.Suppressions) > 0 {
			r.sups = &fileSuppressions{list: res.Suppressions, used: make([]bool, len(res.Suppressions))}
			r.findings = applySuppressions(r.findings, r.sups)
		}
	case "bytecode":
		br := scanBytecode(ctx, j, eng, cfg.Excludes)
		r.findings, r.notices, r.bytes, r.classes, r.skipped = br.findings, br.notices, br.bytes, br.classes, br.skipped
	}
	return r
}

// testJobHook, set by tests only, runs at the start of every job (to inject a fault).
var testJobHook func(path string)

// DefaultMaxFileSize is the source size limit when Config.MaxFileSize is 0.
const DefaultMaxFileSize = 8 << 20

var errNotRegular = errors.New("not a regular file")

type tooBigError struct{ size int64 }

func (e *tooBigError) Error() string { return fmt.Sprintf("%d bytes is over the size limit", e.size) }

// readSource reads a source file of at most limit bytes (a negative limit: no limit). Only a
// regular file is read (after following links): a FIFO or a device is errNotRegular, and opening
// never blocks (O_NONBLOCK), so a pipe without a writer cannot hang the scan. The read is
// bounded, so a file that grows while it is read cannot exhaust memory either.
func readSource(path string, limit int64) ([]byte, error) {
	f, err := openRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if limit >= 0 && st.Size() > limit {
		return nil, &tooBigError{size: st.Size()}
	}
	bound := limit
	if bound < 0 {
		bound = 1 << 40
	}
	buf := make([]byte, 0, st.Size()+1)
	buf, err = readAllLimited(f, buf, bound)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if int64(len(buf)) > bound {
		return nil, &tooBigError{size: int64(len(buf))}
	}
	return buf, nil
}

// readAllLimited appends at most bound+1 bytes of r to buf.
func readAllLimited(r io.Reader, buf []byte, bound int64) ([]byte, error) {
	lr := io.LimitReader(r, bound+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := lr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// openRegular opens path for reading if, after following links, it is a regular file.
func openRegular(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("%s: %w (%s)", path, errNotRegular, fileType(st.Mode()))
	}
	return f, nil
}

func fileType(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m.IsDir():
		return "a directory"
	}
	return "not a regular file"
}

// notRegular is the notice for a special file: an error when it was named on the command line,
// a warning when a directory walk met it.
func notRegular(path string, explicit bool) reports.Notice {
	level := reports.NoticeWarning
	if explicit {
		level = reports.NoticeError
	}
	return reports.Notice{Code: "KP9008", Level: level, Path: path, Message: "skipped: not a regular file (a pipe, socket or device is never read)"}
}

// isCompiled reports whether a finding comes from a class file rather than a source file.
func isCompiled(f reports.Finding) bool { return strings.HasSuffix(f.Location.Path, ".class") }

func unreadable(path string, err error) reports.Notice {
	return reports.Notice{Code: "KP9004", Level: reports.NoticeError, Path: path, Message: fmt.Sprintf("cannot read: %v", err)}
}

// applySuppressions marks findings covered by a suppression and records which ones were used.
func applySuppressions(fs []reports.Finding, s *fileSuppressions) []reports.Finding {
	for i := range fs {
		f := &fs[i]
		for k := range s.list {
			sup := &s.list[k]
			if sup.Covers(f.RuleID, f.Slug, f.Location.Line) {
				s.used[k] = true
				reason := sup.Reason
				if reason == "" {
					reason = "(no reason given)"
				}
				f.Suppression = &reports.Suppression{Kind: "inSource", Reason: reason, Where: fmt.Sprintf("%s:%d", f.Location.Path, sup.Line)}
				break
			}
		}
	}
	return fs
}

// suppressionNotices reports suppressions without a reason and suppressions that matched nothing
// (only for rules that ran, so disabling a rule does not make its suppressions look stale).
func suppressionNotices(all map[string]*fileSuppressions, ran map[string]bool) []reports.Notice {
	var out []reports.Notice
	for path, s := range all {
		for k, sup := range s.list {
			where := fmt.Sprintf("%s for %s", sup.Kind, strings.Join(sup.Rules, ","))
			if len(sup.Rules) == 0 {
				out = append(out, reports.Notice{Code: "KP9012", Level: reports.NoticeWarning, Path: path, Line: sup.Line, Col: sup.Col,
					Message: "kompat:ignore names no rule; write `kompat:ignore KPnnnn -- reason`"})
				continue
			}
			if sup.Reason == "" {
				out = append(out, reports.Notice{Code: "KP9010", Level: reports.NoticeWarning, Path: path, Line: sup.Line, Col: sup.Col,
					Message: fmt.Sprintf("suppression (%s) has no reason; add `-- why this is safe`", where)})
			}
			if !s.used[k] && anyRan(sup.Rules, ran) {
				out = append(out, reports.Notice{Code: "KP9011", Level: reports.NoticeWarning, Path: path, Line: sup.Line, Col: sup.Col,
					Message: fmt.Sprintf("suppression (%s) suppresses nothing; remove it", where)})
			}
		}
	}
	return out
}

func anyRan(ids []string, ran map[string]bool) bool {
	for _, id := range ids {
		if ran[id] || ran[strings.ToUpper(id)] {
			return true
		}
	}
	return false
}

// collect walks the inputs into jobs, pruning excluded directories instead of filtering later.
// Symlinked files inside a directory are followed (each real file is scanned once); symlinked
// directories are not descended into (no loops) and say so in a notice; special files are
// skipped with a notice. Nothing is skipped silently.
func collect(cfg Config) ([]job, []reports.Notice) {
	var jobs []job
	var notices []reports.Notice
	skipped := map[string]int{}
	seen := map[string]bool{} // real paths already queued
	// firstVisit reports whether the real path (with every link resolved; "" when unknown) is new.
	firstVisit := func(real string) bool {
		if real == "" {
			return true
		}
		if seen[real] {
			return false
		}
		seen[real] = true
		return true
	}
	for _, root := range cfg.Paths {
		side := sideFor(cfg, root)
		info, err := os.Stat(root)
		if err != nil {
			notices = append(notices, unreadable(root, err))
			continue
		}
		if !info.IsDir() {
			k := kindOf(root)
			switch {
			case k == "":
				notices = append(notices, reports.Notice{Code: "KP9006", Level: reports.NoticeError, Path: root,
					Message: "not a Java source, class file or archive (.java, .class, .jar, .war, .ear, .jmod)"})
			case !info.Mode().IsRegular():
				notices = append(notices, notRegular(root, true))
			case firstVisit(realPath(root)):
				jobs = append(jobs, job{path: root, fs: root, side: side, kind: k, size: info.Size(), explicit: true})
			}
			continue
		}
		// WalkDir does not follow links, so the real path of an entry that is not itself a link is
		// the root's real path joined with its relative path: one EvalSymlinks per root, not per file.
		realRoot := realPath(root)
		firstVisit(realRoot)
		// A root that is itself a link to a directory is walked through it (WalkDir does not follow
		// a link, but a trailing separator makes the root resolve), and paths keep its name.
		walkRoot := root
		if li, err := os.Lstat(root); err == nil && li.Mode()&fs.ModeSymlink != 0 {
			walkRoot = root + string(filepath.Separator)
		}
		err = filepath.WalkDir(walkRoot, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				notices = append(notices, unreadable(p, err))
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			rel, _ := filepath.Rel(walkRoot, p)
			rel = filepath.ToSlash(rel)
			if d.IsDir() {
				if p != walkRoot && (d.Name() == ".git" || d.Name() == "node_modules" || excluded(cfg.Excludes, rel) || excluded(cfg.Excludes, rel+"/")) {
					return fs.SkipDir
				}
				if p != walkRoot {
					why := skipReason(p, d)
					if why == "output" || why != "" && !cfg.IncludeTests {
						skipped[why] += countScannable(p)
						return fs.SkipDir
					}
				}
				return nil
			}
			if excluded(cfg.Excludes, rel) {
				return nil
			}
			k := kindOf(p)
			fi, err := d.Info()
			if err != nil {
				notices = append(notices, unreadable(p, err))
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 {
				target, err := os.Stat(p)
				switch {
				case err != nil:
					if k != "" {
						notices = append(notices, reports.Notice{Code: "KP9009", Level: reports.NoticeWarning, Path: p,
							Message: fmt.Sprintf("skipped: broken symbolic link (%v)", err)})
					}
					return nil
				case target.IsDir():
					notices = append(notices, reports.Notice{Code: "KP9009", Level: reports.NoticeWarning, Path: p,
						Message: "skipped: symbolic link to a directory (not followed, so links cannot loop); scan its target as an input of its own"})
					return nil
				}
				fi = target
			}
			if k == "" {
				return nil
			}
			if !fi.Mode().IsRegular() {
				notices = append(notices, notRegular(p, false))
				return nil
			}
			var real string
			if d.Type()&fs.ModeSymlink == 0 && realRoot != "" {
				real = filepath.Join(realRoot, filepath.FromSlash(rel))
			} else {
				real = realPath(p)
			}
			if !firstVisit(real) {
				return nil // the same file through another link or input
			}
			jobs = append(jobs, job{path: p, fs: p, side: side, kind: k, size: fi.Size()})
			return nil
		})
		if err != nil && !errors.Is(err, fs.SkipDir) {
			notices = append(notices, unreadable(root, err))
		}
	}
	if n := skipped["test"] + skipped["tooling"]; n > 0 {
		notices = append(notices, reports.Notice{Code: "KP9013", Level: reports.NoticeInfo,
			Message: fmt.Sprintf("skipped %d file(s) of test code, benchmarks and build tooling (src/test, src/testFixtures, src/jmh, src/it, test and benchmark modules, buildSrc, wrapper jars ...); scan them with --include-tests", n)})
	}
	if n := skipped["output"]; n > 0 {
		notices = append(notices, reports.Notice{Code: "KP9014", Level: reports.NoticeInfo,
			Message: fmt.Sprintf("skipped %d compiled file(s) in build output folders (target/, build/) beside the sources they come from, which are scanned instead", n)})
	}
	// Larger files first keeps both workers busy to the end.
	sort.SliceStable(jobs, func(i, j int) bool { return jobs[i].size > jobs[j].size })
	return jobs, notices
}

// realPath is the absolute path of p with every symbolic link resolved, or "" when it cannot be
// resolved.
func realPath(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return ""
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return ""
	}
	return real
}

func kindOf(p string) string {
	switch strings.ToLower(filepath.Ext(p)) {
	case ".java":
		return "java"
	case ".class", ".jar", ".war", ".ear", ".jmod":
		return "bytecode"
	}
	return ""
}

func excluded(globs []string, rel string) bool {
	for _, g := range globs {
		if ok, _ := doublestar.Match(g, rel); ok {
			return true
		}
		if ok, _ := doublestar.Match(strings.TrimSuffix(g, "/**"), strings.TrimSuffix(rel, "/")); ok && strings.HasSuffix(g, "/**") {
			return true
		}
	}
	return false
}

func sideFor(cfg Config, path string) rules.Side {
	for g, s := range cfg.SideOverrides {
		if ok, _ := doublestar.Match(g, filepath.ToSlash(path)); ok {
			return s
		}
	}
	return cfg.Side
}
