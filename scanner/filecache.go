package scanner

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"os"
	"path/filepath"

	"github.com/kompat/kompat/reports"
	"github.com/kompat/kompat/rules/ir"
	"github.com/kompat/kompat/scanner/javasrc"
)

// The per-file cache: what parsing and lowering one source file yields (its IR, suppressions and
// parse notices), keyed by the file's path, its content hash and the kompat build. When a tree
// changed since the last scan (the whole-scan cache in cache.go misses), only the changed files
// are parsed again; every file's IR still goes through all rules and the whole-program phase,
// since findings depend on facts across files. Only the parse is cached, never a finding.

// fileCacheFormat is bumped when the encoded layout changes.
const fileCacheFormat = "kompat-file-cache-2"

type fileCache struct {
	dir   string // <cache dir>/files
	build string // the kompat build and version (see buildIdentity)
}

func newFileCache(cacheDir, build string) *fileCache {
	if cacheDir == "" {
		return nil
	}
	return &fileCache{dir: filepath.Join(cacheDir, "files"), build: build}
}

func (c *fileCache) key(path string, src []byte) string {
	h := sha256.New()
	for _, s := range []string{fileCacheFormat, c.build, path} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	h.Write(src)
	return hex.EncodeToString(h.Sum(nil))
}

func (c *fileCache) path(key string) string { return filepath.Join(c.dir, key[:2], key+".gob") }

// cachedParse is the encoded form of a javasrc.Result. The IR's back pointers (a class's file, a
// member's class) and a field initializer's op are left out of the encoding and restored.
type cachedParse struct {
	File         *ir.File
	Suppressions []javasrc.Suppression
	Notices      []reports.Notice
	InitOps      []initOpRef
}

// initOpRef says that field Field of class Class was initialized by op Op of method Method.
type initOpRef struct{ Class, Field, Method, Op int }

// load returns the cached parse of src at path, or false on a miss or an unreadable entry.
func (c *fileCache) load(key string) (javasrc.Result, bool) {
	data, err := os.ReadFile(c.path(key))
	if err != nil {
		return javasrc.Result{}, false
	}
	var e cachedParse
	if gob.NewDecoder(bytes.NewReader(data)).Decode(&e) != nil || e.File == nil {
		return javasrc.Result{}, false
	}
	f := e.File
	for _, cl := range f.Classes {
		cl.File = f
		for _, fd := range cl.Fields {
			fd.Class = cl
		}
		for _, m := range cl.Methods {
			m.Class = cl
		}
	}
	for _, r := range e.InitOps {
		if r.Class >= len(f.Classes) {
			return javasrc.Result{}, false
		}
		cl := f.Classes[r.Class]
		if r.Field >= len(cl.Fields) || r.Method >= len(cl.Methods) || r.Op >= len(cl.Methods[r.Method].Ops) {
			return javasrc.Result{}, false
		}
		cl.Fields[r.Field].InitOp = cl.Methods[r.Method].Ops[r.Op]
	}
	f.SetSource(f.Source) // the decoded text the parser saw (a BOM honoured, annotations blanked)
	return javasrc.Result{File: f, Suppressions: e.Suppressions, Notices: e.Notices}, true
}

// store writes the parse of a file atomically (a temp file renamed). It must run before the rules
// see the IR, from the goroutine that owns it: the back pointers are cut for the encoding and put
// back. Failing to cache is not an error.
func (c *fileCache) store(key string, res *javasrc.Result) {
	f := res.File
	if f == nil {
		return
	}
	e := cachedParse{File: f, Suppressions: res.Suppressions, Notices: res.Notices}
	type cut struct {
		fd *ir.Field
		op *ir.Op
	}
	var cuts []cut
	for ci, cl := range f.Classes {
		cl.File = nil
		for fi, fd := range cl.Fields {
			fd.Class = nil
			if fd.InitOp == nil {
				continue
			}
		find:
			for mi, m := range cl.Methods {
				for oi, op := range m.Ops {
					if op == fd.InitOp {
						e.InitOps = append(e.InitOps, initOpRef{Class: ci, Field: fi, Method: mi, Op: oi})
						cuts = append(cuts, cut{fd, op})
						fd.InitOp = nil
						break find
					}
				}
			}
		}
		for _, m := range cl.Methods {
			m.Class = nil
		}
	}
	var buf bytes.Buffer
	err := gob.NewEncoder(&buf).Encode(&e)
	// Put the IR back as it was, whatever the encoding did.
	for _, cl := range f.Classes {
		cl.File = f
		for _, fd := range cl.Fields {
			fd.Class = cl
		}
		for _, m := range cl.Methods {
			m.Class = cl
		}
	}
	for _, x := range cuts {
		x.fd.InitOp = x.op
	}
	if err != nil {
		return
	}
	writeAtomic(c.path(key), buf.Bytes())
}

// writeAtomic writes data to p through a temp file in the same directory, renamed over p.
func writeAtomic(p string, data []byte) {
	if os.MkdirAll(filepath.Dir(p), 0o755) != nil {
		return
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return
	}
	_, werr := tmp.Write(data)
	if cerr := tmp.Close(); werr == nil && cerr == nil {
		if os.Rename(tmp.Name(), p) == nil {
			return
		}
	}
	os.Remove(tmp.Name())
}
