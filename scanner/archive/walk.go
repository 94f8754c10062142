package archive

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/kompat/kompat/reports"
)

// Walk visits the classes, service files, native libraries and archives under p: a directory
// (walked recursively; jars in it are opened from disk, symlinks to files followed once), a
// .class file, or an archive (.jar, .war, .ear, .jmod, any zip). Nested jars are never
// extracted: a stored one is read in place, a compressed one inflated into memory within
// Limits.MaxHeldBytes (into an unlinked temporary file beyond). Each archive is visited as a KindArchive entry before its contents;
// the visit function may return ErrSkipArchive to skip them. Limit breaches and unreadable
// parts are reported through opts.Notice and the walk goes on. Walk returns an error only
// when p cannot be read at all, ctx is done, or visit fails.
func Walk(ctx context.Context, p string, opts Options, visit func(*Entry) error) error {
	st, err := os.Stat(p)
	if err != nil {
		return fmt.Errorf("walk %s: %w", p, err)
	}
	w := &walker{ctx: ctx, opts: opts, lim: opts.Limits.withDefaults(), visit: visit, seen: map[string]bool{}}
	w.release = opts.Release
	if w.release == 0 {
		w.release = DefaultRelease
	}
	display := filepath.ToSlash(p)
	if st.IsDir() {
		err = w.dir(p, display)
	} else {
		err = w.diskFile(p, display, st.Size(), nil, RolePlain, 0)
	}
	if errors.Is(err, ErrSkipArchive) {
		err = nil
	}
	return err
}

// WalkReader walks an archive held in r (for instance a jar read from a stream into memory);
// name is its display path. It behaves as Walk on a file with that content.
func WalkReader(ctx context.Context, name string, r io.ReaderAt, size int64, opts Options, visit func(*Entry) error) error {
	w := &walker{ctx: ctx, opts: opts, lim: opts.Limits.withDefaults(), visit: visit, seen: map[string]bool{}}
	w.release = opts.Release
	if w.release == 0 {
		w.release = DefaultRelease
	}
	var head [4]byte
	n, _ := r.ReadAt(head[:], 0)
	var err error
	if n == 4 && bytes.Equal(head[:], magicJmod) {
		err = w.zip(io.NewSectionReader(r, 4, size-4), size-4, name, path.Base(name), nil, RolePlain, 0, true)
	} else {
		err = w.zip(r, size, name, path.Base(name), nil, RolePlain, 0, false)
	}
	if errors.Is(err, ErrSkipArchive) {
		err = nil
	}
	return err
}

type walker struct {
	ctx     context.Context
	opts    Options
	lim     Limits
	release int
	visit   func(*Entry) error
	total   int64
	held    int64 // bytes of compressed nested jars inflated into memory along the current chain
	stopped bool
	buf     []byte
	comp    []byte
	src     bytes.Reader
	fr      io.ReadCloser
	seen    map[string]bool
}

// member is one file of an archive: a zip entry or a file of a directory.
type member struct {
	name  string
	zf    *zip.File
	r     io.ReaderAt // the archive holding zf (zf's data offset is relative to it)
	disk  string
	size  uint64
	csize uint64
}

func (w *walker) notice(level, code, p, format string, args ...any) {
	if w.opts.Notice != nil {
		w.opts.Notice(reports.Notice{Code: code, Level: level, Path: p, Message: fmt.Sprintf(format, args...)})
	}
}

var (
	magicClass = []byte{0xCA, 0xFE, 0xBA, 0xBE}
	magicZip   = []byte("PK")
	magicJmod  = []byte{'J', 'M', 1, 0}
)

func isArchiveName(name string) bool {
	for _, ext := range []string{".jar", ".war", ".ear", ".jmod"} {
		if strings.HasSuffix(name, ext) {
			return true
		}
	}
	return false
}

// diskFile opens a file given on the command line or found in a directory.
// Only a regular file is read (after following links): the open never blocks (O_NONBLOCK), so a
// FIFO without a writer cannot hang the walk, and a device is never read.
func (w *walker) diskFile(p, display string, _ int64, parent *Archive, role Role, depth int) error {
	f, err := os.OpenFile(p, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		w.notice(reports.NoticeError, CodeUnreadable, display, "open: %v", err)
		return nil
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		w.notice(reports.NoticeError, CodeUnreadable, display, "stat: %v", err)
		return nil
	}
	if !st.Mode().IsRegular() {
		w.notice(reports.NoticeError, CodeUnreadable, display, "not a regular file (%s); not read", st.Mode().Type())
		return nil
	}
	size := st.Size() // the size the caller saw may be stale; the open file's counts
	var head [4]byte
	n, _ := io.ReadFull(f, head[:])
	switch {
	case strings.HasSuffix(p, ".class") || (n == 4 && bytes.Equal(head[:], magicClass)):
		data, ok := w.readDisk(f, size, display)
		if !ok {
			return nil
		}
		arch := parent
		if arch == nil {
			arch = &Archive{Path: display, Layout: LayoutDir, Role: role}
		}
		name := path.Base(display)
		if parent != nil {
			name = strings.TrimPrefix(display, parent.Path+"/")
		}
		return w.emit(&Entry{Kind: KindClass, Path: display, Name: name, Data: data, Archive: arch, Role: role})
	case n >= 2 && bytes.Equal(head[:2], magicZip):
		return w.zip(f, size, display, path.Base(display), parent, role, depth, false)
	case n == 4 && bytes.Equal(head[:], magicJmod):
		return w.zip(io.NewSectionReader(f, 4, size-4), size-4, display, path.Base(display), parent, role, depth, true)
	default:
		w.notice(reports.NoticeError, CodeUnreadable, display, "not a class file or zip archive")
		return nil
	}
}

func (w *walker) readDisk(f *os.File, size int64, display string) ([]byte, bool) {
	if size > w.lim.MaxEntryBytes {
		w.notice(reports.NoticeError, CodeEntryTooBig, display, "file has %d bytes (limit %d)", size, w.lim.MaxEntryBytes)
		return nil, false
	}
	if !w.charge(uint64(size), display) {
		return nil, false
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		w.notice(reports.NoticeError, CodeUnreadable, display, "read: %v", err)
		return nil, false
	}
	buf := w.grow(int(size))
	if _, err := io.ReadFull(f, buf); err != nil {
		w.notice(reports.NoticeError, CodeUnreadable, display, "read: %v", err)
		return nil, false
	}
	return buf, true
}

func (w *walker) grow(n int) []byte {
	if cap(w.buf) < n {
		w.buf = make([]byte, n, max(n, 64<<10))
	}
	return w.buf[:n]
}

// charge counts n inflated bytes against MaxTotalBytes.
func (w *walker) charge(n uint64, display string) bool {
	if w.stopped {
		return false
	}
	if int64(n) < 0 || w.total+int64(n) > w.lim.MaxTotalBytes {
		w.stopped = true
		w.notice(reports.NoticeError, CodeTotalBytes, display, "the walk would inflate more than %d bytes; the rest of the input is skipped", w.lim.MaxTotalBytes)
		return false
	}
	w.total += int64(n)
	return true
}

func (w *walker) emit(e *Entry) error {
	return w.visit(e)
}

// dir walks a directory. Its files are members of a LayoutDir archive, so an exploded fat jar
// or ark-biz jar gets the same roles as the packed one.
func (w *walker) dir(root, display string) error {
	var ms []member
	walkRoot := root
	if abs, err := filepath.Abs(root); err == nil {
		if real, err := filepath.EvalSymlinks(abs); err == nil {
			// WalkDir does not descend into a root that is a symlink; and as it follows no links,
			// every entry below a real root that is not a link is its own real path
			walkRoot = real
		}
	}
	err := filepath.WalkDir(walkRoot, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			w.notice(reports.NoticeWarning, CodeUnreadable, filepath.ToSlash(p), "walk: %v", err)
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if err := w.ctx.Err(); err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			if info, err = os.Stat(p); err != nil || !info.Mode().IsRegular() {
				return nil // dangling links and links to directories are not followed
			}
		} else if !d.Type().IsRegular() {
			return nil
		}
		real := p
		if d.Type()&fs.ModeSymlink != 0 || !filepath.IsAbs(walkRoot) {
			if r, err := filepath.EvalSymlinks(p); err == nil {
				real = r
			}
			if abs, err := filepath.Abs(real); err == nil {
				real = abs
			}
		}
		if w.seen[real] {
			return nil
		}
		w.seen[real] = true
		rel, err := filepath.Rel(walkRoot, p)
		if err != nil {
			return nil
		}
		ms = append(ms, member{name: filepath.ToSlash(rel), disk: p, size: uint64(info.Size()), csize: uint64(info.Size())})
		return nil
	})
	if err != nil {
		return fmt.Errorf("walk %s: %w", root, err)
	}
	arch := &Archive{Path: display, Layout: LayoutDir, Role: RolePlain, dir: true}
	return w.contents(arch, ms, path.Base(display))
}

// eocdEntries reads the entry count from the end-of-central-directory record (zip64 aware), so
// an archive claiming millions of entries is refused before archive/zip allocates for them.
func eocdEntries(r io.ReaderAt, size int64) (uint64, bool) {
	tail := int64(22 + 65535 + 20)
	if tail > size {
		tail = size
	}
	buf := make([]byte, tail)
	if _, err := r.ReadAt(buf, size-tail); err != nil && err != io.EOF {
		return 0, false
	}
	for i := len(buf) - 22; i >= 0; i-- {
		if binary.LittleEndian.Uint32(buf[i:]) != 0x06054b50 {
			continue
		}
		n := uint64(binary.LittleEndian.Uint16(buf[i+10:]))
		if n == 0xFFFF && i >= 20 && binary.LittleEndian.Uint32(buf[i-20:]) == 0x07064b50 {
			off := int64(binary.LittleEndian.Uint64(buf[i-20+8:]))
			var z [56]byte
			if off >= 0 && off+56 <= size {
				if _, err := r.ReadAt(z[:], off); err == nil && binary.LittleEndian.Uint32(z[:]) == 0x06064b50 {
					n = binary.LittleEndian.Uint64(z[32:])
				}
			}
		}
		return n, true
	}
	return 0, false
}

// zip opens an archive held by r (a file on disk or bytes in memory).
func (w *walker) zip(r io.ReaderAt, size int64, display, name string, parent *Archive, role Role, depth int, jmod bool) error {
	if n, ok := eocdEntries(r, size); ok && n > uint64(w.lim.MaxEntries) {
		w.notice(reports.NoticeError, CodeTooManyFiles, display, "archive has %d entries (limit %d); not scanned", n, w.lim.MaxEntries)
		return nil
	}
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		w.notice(reports.NoticeError, CodeUnreadable, display, "open archive: %v", err)
		return nil
	}
	if len(zr.File) > w.lim.MaxEntries {
		w.notice(reports.NoticeError, CodeTooManyFiles, display, "archive has %d entries (limit %d); not scanned", len(zr.File), w.lim.MaxEntries)
		return nil
	}
	ms := make([]member, len(zr.File))
	for i, f := range zr.File {
		ms[i] = member{name: f.Name, zf: f, r: r, size: f.UncompressedSize64, csize: f.CompressedSize64}
	}
	arch := &Archive{Path: display, Name: name, Parent: parent, Depth: depth, Layout: LayoutPlain, Role: role}
	if jmod {
		arch.Layout = LayoutJmod
	}
	if parent != nil && !parent.dir {
		arch.Name = strings.TrimPrefix(display, parent.Path+"!/")
	}
	return w.contents(arch, ms, path.Base(display))
}

// safeName cleans an entry name and rejects absolute names, names climbing out with "..",
// backslashes (a Windows separator) and NUL bytes.
func safeName(name string) (string, bool) {
	if name == "" || strings.ContainsAny(name, "\\\x00") || strings.HasPrefix(name, "/") || (len(name) > 1 && name[1] == ':') {
		return "", false
	}
	dir := strings.HasSuffix(name, "/")
	c := path.Clean(name)
	if c == ".." || strings.HasPrefix(c, "../") || c == "." {
		return "", false
	}
	for _, seg := range strings.Split(name, "/") {
		if seg == ".." {
			return "", false
		}
	}
	if dir {
		c += "/"
	}
	return c, true
}

const (
	markBiz    = "com/alipay/sofa/ark/biz/mark"
	markPlugin = "com/alipay/sofa/ark/plugin/mark"
)

// plan is what to do with one member.
type plan struct {
	kind    Kind
	logical string
	role    Role
	release int
	skip    bool
}

// classify decides the kind, logical name and role of a member from the archive's layout.
func classify(a *Archive, name string) plan {
	p := plan{logical: name, role: a.Role}
	nested := func(role Role) plan {
		if isArchiveName(name) && !strings.HasSuffix(name, ".jmod") {
			return plan{kind: KindArchive, logical: name, role: role}
		}
		return plan{}
	}
	switch {
	case a.Layout == LayoutJmod:
		if !strings.HasPrefix(name, "classes/") {
			return plan{}
		}
		p.logical = name[len("classes/"):]
	case strings.HasPrefix(name, "BOOT-INF/classes/"):
		p.logical, p.role = name[len("BOOT-INF/classes/"):], RoleBootApp
	case strings.HasPrefix(name, "BOOT-INF/lib/"):
		return nested(RoleBootLib)
	case strings.HasPrefix(name, "WEB-INF/classes/"):
		p.logical, p.role = name[len("WEB-INF/classes/"):], RoleWebApp
	case strings.HasPrefix(name, "WEB-INF/lib/"), strings.HasPrefix(name, "WEB-INF/lib-provided/"):
		return nested(RoleWebLib)
	case strings.HasPrefix(name, "lib/") && a.Layout == LayoutBiz:
		return nested(RoleBizLib)
	case strings.HasPrefix(name, "lib/") && a.Layout == LayoutPlugin:
		return nested(RolePluginLib)
	case strings.HasPrefix(name, "lib/") && a.Layout == LayoutEar:
		return nested(RoleEarLib)
	case a.Layout == LayoutBiz:
		p.role = RoleBizRoot
	case a.Layout == LayoutPlugin:
		p.role = RolePlugin
	case (a.Layout == LayoutBoot || a.Layout == LayoutWar) && strings.HasPrefix(name, "org/springframework/boot/loader/"):
		p.role = RoleBootLoader
	}
	l := p.logical
	switch {
	case strings.HasSuffix(l, ".class"):
		p.kind = KindClass
	case isArchiveName(l) && (a.dir || !strings.HasSuffix(l, ".jmod")):
		if a.Layout == LayoutEar || a.dir {
			return plan{kind: KindArchive, logical: name, role: RolePlain}
		}
		return plan{kind: KindArchive, logical: name, role: p.role}
	case strings.HasPrefix(l, "META-INF/services/") && len(l) > len("META-INF/services/") && !strings.Contains(l[len("META-INF/services/"):], "/"):
		p.kind = KindService
	case isNative(l):
		p.kind = KindNative
	default:
		return plan{}
	}
	return p
}

func isNative(name string) bool {
	base := path.Base(name)
	for _, ext := range []string{".so", ".dll", ".dylib", ".jnilib"} {
		if strings.HasSuffix(base, ext) || strings.Contains(base, ".so.") && ext == ".so" {
			return true
		}
	}
	return false
}

// versioned splits META-INF/versions/N/rest.
func versioned(l string) (int, string, bool) {
	const pfx = "META-INF/versions/"
	if !strings.HasPrefix(l, pfx) {
		return 0, l, false
	}
	rest := l[len(pfx):]
	i := strings.IndexByte(rest, '/')
	if i <= 0 {
		return 0, l, false
	}
	n, err := strconv.Atoi(rest[:i])
	if err != nil || n < 0 {
		return 0, l, false
	}
	return n, rest[i+1:], true
}

// contents runs over the members of one archive: it checks names, recognises the layout, reads
// the identity, visits the archive, then its classes, service files, native libraries and
// nested archives in entry order.
func (w *walker) contents(arch *Archive, ms []member, fileName string) error {
	names := make(map[string]bool, len(ms))
	var dups map[string]bool
	keep := make([]member, 0, len(ms))
	for _, m := range ms {
		if strings.HasSuffix(m.name, "/") {
			continue // directory entry
		}
		clean, ok := safeName(m.name)
		if !ok {
			w.notice(reports.NoticeWarning, CodeUnsafePath, arch.Path, "entry %q has an unsafe path; skipped", m.name)
			continue
		}
		if names[clean] {
			// Every copy is visited: the JVM loads the last, other tools read the first, and a
			// hazard must not hide behind either.
			if !dups[clean] {
				if dups == nil {
					dups = map[string]bool{}
				}
				dups[clean] = true
				w.notice(reports.NoticeWarning, CodeDuplicate, arch.Path+"!/"+clean, "duplicate entry %q; every copy is scanned", clean)
				arch.Duplicates = append(arch.Duplicates, clean)
			}
		}
		names[clean] = true
		m.name = clean
		keep = append(keep, m)
	}
	// layout
	if arch.Layout != LayoutJmod {
		switch {
		case names[markBiz]:
			arch.Layout = LayoutBiz
		case names[markPlugin]:
			arch.Layout = LayoutPlugin
		case hasPrefix(names, "BOOT-INF/"):
			arch.Layout = LayoutBoot
		case hasPrefix(names, "WEB-INF/"):
			arch.Layout = LayoutWar
		case strings.HasSuffix(fileName, ".ear") || names["META-INF/application.xml"] || hasRootWar(names):
			arch.Layout = LayoutEar
		case arch.Layout == LayoutDir:
		default:
			arch.Layout = LayoutPlain
		}
	}
	// identity and manifest
	var poms []map[string]string
	for _, m := range keep {
		switch {
		case m.name == "META-INF/MANIFEST.MF":
			if data, ok := w.read(m, arch, false); ok {
				arch.Manifest = parseManifest(data)
			}
		case isPomProperties(m.name):
			if data, ok := w.read(m, arch, false); ok {
				poms = append(poms, parseProperties(data))
			}
		}
	}
	if !arch.dir {
		arch.Artifact = identify(fileName, poms, arch.Manifest)
	}
	arch.MultiRelease = strings.EqualFold(arch.ManifestValue("Multi-Release"), "true")
	// plans, jar-level facts and multi-release selection
	plans := make([]plan, len(keep))
	var best map[string]int
	for i, m := range keep {
		p := classify(arch, m.name)
		if p.kind == KindClass {
			if n, rest, ok := versioned(p.logical); ok {
				switch {
				case !arch.MultiRelease || (!w.opts.AllReleases && n > w.release):
					p.skip = true
				default:
					p.logical, p.release = rest, n
					if best == nil {
						best = make(map[string]int)
					}
					if n > best[rest] {
						best[rest] = n
					}
				}
			}
		}
		switch p.kind {
		case KindArchive:
			arch.Nested = append(arch.Nested, m.name)
		case KindService:
			if p.logical == "META-INF/services/java.sql.Driver" {
				arch.JDBCDriver = true
			}
			if svc, ok := strings.CutPrefix(p.logical, "META-INF/services/"); ok && svc != "" && !strings.Contains(svc, "/") {
				arch.Services = append(arch.Services, svc)
			}
		case KindNative:
			arch.Native = append(arch.Native, m.name)
		}
		plans[i] = p
	}
	if err := w.emit(&Entry{Kind: KindArchive, Path: arch.Path, Name: arch.Name, Archive: arch, Role: arch.Role}); err != nil {
		if errors.Is(err, ErrSkipArchive) {
			return nil
		}
		return err
	}
	for i, m := range keep {
		p := plans[i]
		if p.kind == 0 || p.skip {
			continue
		}
		if p.kind == KindClass && !w.opts.AllReleases && best != nil {
			if b, ok := best[p.logical]; ok && b != p.release {
				continue // another release's copy of this class is the one the JVM loads
			}
		}
		if err := w.ctx.Err(); err != nil {
			return err
		}
		if w.stopped {
			return nil
		}
		display := arch.Path + "!/" + m.name
		if arch.dir {
			display = arch.Path + "/" + m.name
		}
		var err error
		switch p.kind {
		case KindNative:
			err = w.emit(&Entry{Kind: KindNative, Path: display, Name: p.logical, Archive: arch, Role: p.role})
		case KindClass, KindService:
			data, ok := w.read(m, arch, false)
			if !ok {
				continue
			}
			err = w.emit(&Entry{Kind: p.kind, Path: display, Name: p.logical, Data: data, Archive: arch, Role: p.role, Release: p.release})
		case KindArchive:
			err = w.nested(m, arch, display, p.role)
		}
		if errors.Is(err, ErrSkipArchive) {
			return nil
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func hasPrefix(names map[string]bool, pfx string) bool {
	for n := range names {
		if strings.HasPrefix(n, pfx) {
			return true
		}
	}
	return false
}

func hasRootWar(names map[string]bool) bool {
	for n := range names {
		if strings.HasSuffix(n, ".war") && !strings.Contains(n, "/") {
			return true
		}
	}
	return false
}

// nested opens an archive member: from disk for a directory, from memory for a zip.
func (w *walker) nested(m member, parent *Archive, display string, role Role) error {
	if parent.dir {
		return w.diskFile(m.disk, display, int64(m.size), parent, role, parent.Depth)
	}
	depth := parent.Depth + 1
	if depth > w.lim.MaxDepth {
		w.notice(reports.NoticeError, CodeTooDeep, display, "nested archive at depth %d (limit %d); not scanned", depth, w.lim.MaxDepth)
		return nil
	}
	if m.zf.Method == zip.Store && m.zf.Flags&0x1 == 0 {
		return w.storedNested(m, parent, display, role, depth)
	}
	if w.held+int64(m.size) > w.lim.MaxHeldBytes {
		return w.spilledNested(m, parent, display, role, depth)
	}
	data, ok := w.read(m, parent, true)
	if !ok {
		return nil
	}
	w.held += int64(len(data))
	defer func() { w.held -= int64(len(data)) }()
	return w.nestedZip(bytes.NewReader(data), int64(len(data)), m, parent, display, role, depth)
}

// nestedZip walks a nested archive held by r, skipping the jmod header.
func (w *walker) nestedZip(r io.ReaderAt, size int64, m member, parent *Archive, display string, role Role, depth int) error {
	var head [4]byte
	if n, _ := r.ReadAt(head[:], 0); n == 4 && bytes.Equal(head[:], magicJmod) {
		r, size = io.NewSectionReader(r, 4, size-4), size-4
	}
	return w.zip(r, size, display, m.name, parent, role, depth, false)
}

// storedNested walks a stored nested jar in place: its bytes are a section of the parent, so
// nothing is copied (the JVM's nested-jar loaders read it the same way, without a checksum).
func (w *walker) storedNested(m member, parent *Archive, display string, role Role, depth int) error {
	if m.size > uint64(w.lim.MaxEntryBytes) {
		w.notice(reports.NoticeError, CodeEntryTooBig, display, "entry inflates to %d bytes (limit %d); skipped", m.size, w.lim.MaxEntryBytes)
		return nil
	}
	if m.csize != m.size {
		w.notice(reports.NoticeError, CodeBadEntry, display, "stored entry: compressed size %d != size %d", m.csize, m.size)
		return nil
	}
	off, err := m.zf.DataOffset()
	if err != nil {
		w.notice(reports.NoticeError, CodeBadEntry, display, "nested archive: %v", err)
		return nil
	}
	return w.nestedZip(io.NewSectionReader(m.r, off, int64(m.size)), int64(m.size), m, parent, display, role, depth)
}

// spilledNested inflates a compressed nested jar that does not fit in Limits.MaxHeldBytes into
// an unlinked temporary file and walks it from there.
func (w *walker) spilledNested(m member, parent *Archive, display string, role Role, depth int) error {
	if m.size > uint64(w.lim.MaxEntryBytes) {
		w.notice(reports.NoticeError, CodeEntryTooBig, display, "entry inflates to %d bytes (limit %d); skipped", m.size, w.lim.MaxEntryBytes)
		return nil
	}
	if m.size > 1<<20 && (m.csize == 0 || m.size/m.csize > uint64(w.lim.MaxRatio)) {
		w.notice(reports.NoticeError, CodeZipBomb, display, "entry compression ratio %d:%d exceeds %d (zip bomb?); skipped", m.size, max(m.csize, 1), w.lim.MaxRatio)
		return nil
	}
	if !w.charge(m.size, display) {
		return nil
	}
	f, err := os.CreateTemp("", "kompat-nested-*.jar")
	if err != nil {
		w.notice(reports.NoticeError, CodeBadEntry, display, "nested archive of %d bytes over the in-memory bound of %d bytes, and no temporary file: %v", m.size, w.lim.MaxHeldBytes, err)
		return nil
	}
	os.Remove(f.Name()) // unlinked at once: nothing is left behind, even if kompat is killed
	defer f.Close()
	w.notice(reports.NoticeInfo, CodeSpilled, display, "nested archive of %d bytes inflated to a temporary file: the nested jars held in memory are bounded to %d bytes", m.size, w.lim.MaxHeldBytes)
	rc, err := m.zf.Open()
	if err == nil {
		var n int64
		n, err = io.Copy(f, io.LimitReader(rc, int64(m.size)+1))
		rc.Close()
		if err == nil && n != int64(m.size) {
			err = fmt.Errorf("inflated %d bytes, declared %d", n, m.size)
		}
	}
	if err != nil {
		w.notice(reports.NoticeError, CodeBadEntry, display, "inflate entry: %v", err)
		return nil
	}
	return w.nestedZip(f, int64(m.size), m, parent, display, role, depth)
}

// read inflates one member within the limits. A nested archive gets its own buffer (it lives
// while its contents are walked); other entries share the walker's buffer.
func (w *walker) read(m member, arch *Archive, own bool) ([]byte, bool) {
	display := arch.Path + "!/" + m.name
	if arch.dir {
		display = arch.Path + "/" + m.name
	}
	if m.size > uint64(w.lim.MaxEntryBytes) {
		w.notice(reports.NoticeError, CodeEntryTooBig, display, "entry inflates to %d bytes (limit %d); skipped", m.size, w.lim.MaxEntryBytes)
		return nil, false
	}
	if m.zf != nil && m.size > 1<<20 && (m.csize == 0 || m.size/m.csize > uint64(w.lim.MaxRatio)) {
		w.notice(reports.NoticeError, CodeZipBomb, display, "entry compression ratio %d:%d exceeds %d (zip bomb?); skipped", m.size, max(m.csize, 1), w.lim.MaxRatio)
		return nil, false
	}
	if !w.charge(m.size, display) {
		return nil, false
	}
	var buf []byte
	if own {
		buf = make([]byte, m.size)
	} else {
		buf = w.grow(int(m.size))
	}
	var err error
	if m.zf != nil {
		err = w.inflate(m.zf, buf)
	} else {
		err = readFile(m.disk, buf)
	}
	if err != nil {
		w.notice(reports.NoticeError, CodeBadEntry, display, "inflate entry: %v", err)
		return nil, false
	}
	return buf, true
}
