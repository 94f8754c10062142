package hprof

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"
	"unicode/utf16"
)

// ID is an object id of the dump (its address, in 4 or 8 bytes).
type ID = uint64

// Record tags (top level) and heap-dump sub-record tags of HPROF 1.0.2.
const (
	tagString          = 0x01
	tagLoadClass       = 0x02
	tagStackFrame      = 0x04
	tagStackTrace      = 0x05
	tagHeapDump        = 0x0C
	tagHeapDumpSegment = 0x1C

	subRootUnknown     = 0xFF
	subRootJNIGlobal   = 0x01
	subRootJNILocal    = 0x02
	subRootJavaFrame   = 0x03
	subRootNativeStack = 0x04
	subRootStickyClass = 0x05
	subRootThreadBlock = 0x06
	subRootMonitorUsed = 0x07
	subRootThreadObj   = 0x08
	subClassDump       = 0x20
	subInstanceDump    = 0x21
	subObjArrayDump    = 0x22
	subPrimArrayDump   = 0x23
)

// Basic types of field and array values.
const (
	typeObject  = 2
	typeBoolean = 4
	typeChar    = 5
	typeFloat   = 6
	typeDouble  = 7
	typeByte    = 8
	typeShort   = 9
	typeInt     = 10
	typeLong    = 11
)

// RootKind says what kind of GC root a path starts at.
type RootKind string

const (
	RootThread      RootKind = "thread"       // a live thread object
	RootJavaFrame   RootKind = "java-frame"   // a local variable of a running method
	RootStickyClass RootKind = "system-class" // a class of the boot loader
	RootJNIGlobal   RootKind = "jni-global"
	RootJNILocal    RootKind = "jni-local"
	RootNativeStack RootKind = "native-stack"
	RootThreadBlock RootKind = "thread-block"
	RootMonitor     RootKind = "monitor"
	RootUnknown     RootKind = "unknown"
)

const (
	kindInstance uint8 = iota
	kindObjArray
	kindClass
)

// Labels of edges that are not a named field; an array element's label is arrayBit|index.
const (
	arrayBit   = 1 << 31
	labelClass = arrayBit - 1 - iota
	labelSuper
	labelLoader
	labelSigners
	labelDomain
	labelConstant
	firstSpecial = labelConstant
)

type field struct {
	name string
	typ  byte
}

// Class is a class of the dump.
type Class struct {
	ID     ID
	Name   string // binary name with dots, arrays as "T[]"
	Super  ID
	Loader ID // 0 for the boot loader
	fields []field
	ref    int8 // 1: java.lang.ref.Reference or a subclass, -1: not, 0: unknown yet
}

type object struct {
	id    ID
	class ID
	kind  uint8
	first uint32
	n     uint32
}

type root struct {
	kind   RootKind
	obj    ID
	thread uint32 // thread serial, 0 when none
	frame  int32  // frame depth for java-frame roots, -1 when none
}

type threadRoot struct {
	obj   ID
	trace uint32
}

type frame struct {
	method ID
	class  uint32
	line   int32
}

type pendingInstance struct {
	id, class ID
	data      []byte
}

// Heap is the reference graph of one heap dump.
type Heap struct {
	path    string
	idSize  int
	strs    map[ID]string
	names   map[ID]string // class object id -> name, from LOAD CLASS
	serials map[uint32]ID // class serial -> class object id
	classes map[ID]*Class
	byName  map[string][]*Class
	roots   []root
	threads map[uint32]threadRoot
	traces  map[uint32][]ID
	frames  map[ID]frame
	objs    []object
	edgeTo  []ID
	edgeLbl []uint32
	labels  []string
	labelOf map[string]uint32
	pending []pendingInstance
}

// Open reads the heap dump at path.
func Open(path string) (*Heap, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read heap dump: %w", err)
	}
	defer f.Close()
	h := &Heap{path: path, strs: map[ID]string{}, names: map[ID]string{}, serials: map[uint32]ID{},
		classes: map[ID]*Class{}, byName: map[string][]*Class{}, threads: map[uint32]threadRoot{},
		traces: map[uint32][]ID{}, frames: map[ID]frame{}, labelOf: map[string]uint32{}}
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("read heap dump: %w", err)
	}
	if err := h.read(f, fi.Size()); err != nil {
		return nil, fmt.Errorf("read heap dump %s: %w", path, err)
	}
	return h, nil
}

// reader is a big-endian stream reader with a sticky error.
type reader struct {
	br     *bufio.Reader
	idSize int
	off    int64
	size   int64 // the file's size: no record may claim more
	err    error
	buf    [8]byte
}

func (r *reader) fill(n int) []byte {
	if r.err != nil {
		return r.buf[:n]
	}
	if _, err := io.ReadFull(r.br, r.buf[:n]); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		r.err = fmt.Errorf("at byte %d: %w", r.off, err)
		return r.buf[:n]
	}
	r.off += int64(n)
	return r.buf[:n]
}

func (r *reader) u1() byte   { return r.fill(1)[0] }
func (r *reader) u2() uint16 { return binary.BigEndian.Uint16(r.fill(2)) }
func (r *reader) u4() uint32 { return binary.BigEndian.Uint32(r.fill(4)) }
func (r *reader) u8() uint64 { return binary.BigEndian.Uint64(r.fill(8)) }

func (r *reader) id() ID {
	if r.idSize == 4 {
		return ID(r.u4())
	}
	return r.u8()
}

func (r *reader) skip(n int64) {
	if r.err != nil || n <= 0 {
		return
	}
	for n > 0 {
		k := int(min(n, 1<<30))
		d, err := r.br.Discard(k)
		r.off += int64(d)
		if err != nil {
			r.err = fmt.Errorf("at byte %d: %w", r.off, io.ErrUnexpectedEOF)
			return
		}
		n -= int64(k)
	}
}

func (r *reader) bytes(n int, into []byte) []byte {
	if cap(into) < n {
		into = make([]byte, n)
	}
	into = into[:n]
	if r.err != nil {
		return into
	}
	if _, err := io.ReadFull(r.br, into); err != nil {
		r.err = fmt.Errorf("at byte %d: %w", r.off, io.ErrUnexpectedEOF)
	}
	r.off += int64(n)
	return into
}

func (r *reader) valueSize(t byte) int {
	switch t {
	case typeObject:
		return r.idSize
	case typeBoolean, typeByte:
		return 1
	case typeChar, typeShort:
		return 2
	case typeFloat, typeInt:
		return 4
	case typeDouble, typeLong:
		return 8
	}
	return -1
}

// value reads one value of type t; only object ids are interesting, the rest is read and dropped.
func (r *reader) value(t byte) (ID, error) {
	n := r.valueSize(t)
	if n < 0 {
		return 0, fmt.Errorf("at byte %d: unknown basic type %d", r.off, t)
	}
	if t == typeObject {
		return r.id(), nil
	}
	r.fill(n)
	return 0, nil
}

// header reads "JAVA PROFILE 1.0.x\0", the id size and the timestamp.
func header(br *bufio.Reader) (int, int64, error) {
	magic, err := br.ReadString(0)
	if err != nil {
		return 0, 0, errors.New("not an HPROF file (no header)")
	}
	if !strings.HasPrefix(magic, "JAVA PROFILE 1.0.") {
		return 0, 0, fmt.Errorf("not an HPROF file (header %q)", strings.TrimRight(magic, "\x00"))
	}
	var b [12]byte
	if _, err := io.ReadFull(br, b[:]); err != nil {
		return 0, 0, errors.New("truncated HPROF header")
	}
	ids := int(binary.BigEndian.Uint32(b[:4]))
	if ids != 4 && ids != 8 {
		return 0, 0, fmt.Errorf("unsupported identifier size %d", ids)
	}
	return ids, int64(len(magic)) + 12, nil
}

func (h *Heap) read(f io.Reader, size int64) error {
	br := bufio.NewReaderSize(f, 1<<20)
	ids, off, err := header(br)
	if err != nil {
		return err
	}
	h.idSize = ids
	r := &reader{br: br, idSize: ids, off: off, size: size}
	for {
		tag, err := br.ReadByte()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		r.off++
		r.u4() // time
		length := int64(r.u4())
		if r.err != nil {
			return r.err
		}
		start := r.off
		if start+length > r.size {
			return fmt.Errorf("record 0x%02x at byte %d: %d bytes past the end of the file", tag, start-9, start+length-r.size)
		}
		switch tag {
		case tagString:
			id := r.id()
			if length < int64(ids) {
				return fmt.Errorf("STRING record at byte %d shorter than an id", start-9)
			}
			s := r.bytes(int(length)-ids, nil)
			h.strs[id] = string(s)
		case tagLoadClass:
			serial := r.u4()
			cid := r.id()
			r.u4()
			h.names[cid] = h.strs[r.id()]
			h.serials[serial] = cid
		case tagStackFrame:
			fid := r.id()
			m := r.id()
			r.id()
			r.id()
			cs := r.u4()
			line := int32(r.u4())
			h.frames[fid] = frame{method: m, class: cs, line: line}
		case tagStackTrace:
			serial := r.u4()
			r.u4()
			n := r.u4()
			fr := make([]ID, 0, min(n, 4096))
			for i := uint32(0); i < n && r.err == nil; i++ {
				fr = append(fr, r.id())
			}
			h.traces[serial] = fr
		case tagHeapDump, tagHeapDumpSegment:
			if err := h.segment(r, start+length); err != nil {
				return err
			}
		default:
			r.skip(length)
		}
		if r.err != nil {
			return r.err
		}
		if r.off != start+length {
			return fmt.Errorf("record 0x%02x at byte %d: length %d, read %d", tag, start-9, length, r.off-start)
		}
	}
	for _, p := range h.pending {
		c := h.classes[p.class]
		if c == nil {
			continue // an instance of a class the dump does not describe: no references known
		}
		h.addInstance(p.id, c, p.data)
	}
	h.pending = nil
	sort.Slice(h.objs, func(i, j int) bool { return h.objs[i].id < h.objs[j].id })
	return nil
}

func (h *Heap) label(s string) uint32 {
	if l, ok := h.labelOf[s]; ok {
		return l
	}
	l := uint32(len(h.labels))
	h.labels = append(h.labels, s)
	h.labelOf[s] = l
	return l
}

func (h *Heap) edge(to ID, lbl uint32) {
	if to != 0 {
		h.edgeTo = append(h.edgeTo, to)
		h.edgeLbl = append(h.edgeLbl, lbl)
	}
}

func (h *Heap) segment(r *reader, end int64) error {
	var buf []byte
	for r.off < end && r.err == nil {
		sub := r.u1()
		switch sub {
		case subRootUnknown:
			h.roots = append(h.roots, root{kind: RootUnknown, obj: r.id(), frame: -1})
		case subRootJNIGlobal:
			o := r.id()
			r.id()
			h.roots = append(h.roots, root{kind: RootJNIGlobal, obj: o, frame: -1})
		case subRootJNILocal, subRootJavaFrame:
			o := r.id()
			th := r.u4()
			fr := int32(r.u4())
			k := RootJNILocal
			if sub == subRootJavaFrame {
				k = RootJavaFrame
			}
			h.roots = append(h.roots, root{kind: k, obj: o, thread: th, frame: fr})
		case subRootNativeStack, subRootThreadBlock:
			o := r.id()
			th := r.u4()
			k := RootNativeStack
			if sub == subRootThreadBlock {
				k = RootThreadBlock
			}
			h.roots = append(h.roots, root{kind: k, obj: o, thread: th, frame: -1})
		case subRootStickyClass:
			h.roots = append(h.roots, root{kind: RootStickyClass, obj: r.id(), frame: -1})
		case subRootMonitorUsed:
			h.roots = append(h.roots, root{kind: RootMonitor, obj: r.id(), frame: -1})
		case subRootThreadObj:
			o := r.id()
			th := r.u4()
			tr := r.u4()
			h.threads[th] = threadRoot{obj: o, trace: tr}
			h.roots = append(h.roots, root{kind: RootThread, obj: o, thread: th, frame: -1})
		case subClassDump:
			if err := h.classDump(r); err != nil {
				return err
			}
		case subInstanceDump:
			id := r.id()
			r.u4()
			cid := r.id()
			n := int64(r.u4())
			if n > end-r.off {
				return fmt.Errorf("at byte %d: instance of %d bytes past the end of its segment", r.off, n)
			}
			buf = r.bytes(int(n), buf)
			if r.err != nil {
				return r.err
			}
			if c := h.classes[cid]; c != nil {
				h.addInstance(id, c, buf)
			} else {
				h.pending = append(h.pending, pendingInstance{id: id, class: cid, data: append([]byte(nil), buf...)})
			}
		case subObjArrayDump:
			id := r.id()
			r.u4()
			n := r.u4()
			cid := r.id()
			o := object{id: id, class: cid, kind: kindObjArray, first: uint32(len(h.edgeTo))}
			h.edge(cid, labelClass)
			for i := uint32(0); i < n && r.err == nil; i++ {
				h.edge(r.id(), arrayBit|min(i, arrayBit-1))
			}
			o.n = uint32(len(h.edgeTo)) - o.first
			h.objs = append(h.objs, o)
		case subPrimArrayDump:
			r.id()
			r.u4()
			n := int64(r.u4())
			t := r.u1()
			sz := r.valueSize(t)
			if sz < 0 {
				return fmt.Errorf("at byte %d: unknown primitive array type %d", r.off, t)
			}
			r.skip(n * int64(sz))
		default:
			return fmt.Errorf("at byte %d: unknown heap dump sub-record 0x%02x", r.off-1, sub)
		}
	}
	if r.err != nil {
		return r.err
	}
	if r.off != end {
		return fmt.Errorf("heap dump segment ends at byte %d, its sub-records at %d", end, r.off)
	}
	return nil
}

func (h *Heap) classDump(r *reader) error {
	c := &Class{ID: r.id()}
	r.u4()
	c.Super = r.id()
	c.Loader = r.id()
	signers := r.id()
	domain := r.id()
	r.id()
	r.id()
	r.u4() // instance size
	c.Name = javaName(h.names[c.ID])
	o := object{id: c.ID, kind: kindClass, first: uint32(len(h.edgeTo))}
	h.edge(c.Super, labelSuper)
	h.edge(c.Loader, labelLoader)
	h.edge(signers, labelSigners)
	h.edge(domain, labelDomain)
	ncp := int(r.u2())
	for i := 0; i < ncp && r.err == nil; i++ {
		r.u2()
		v, err := r.value(r.u1())
		if err != nil {
			return err
		}
		h.edge(v, labelConstant)
	}
	ns := int(r.u2())
	for i := 0; i < ns && r.err == nil; i++ {
		name := h.strs[r.id()]
		v, err := r.value(r.u1())
		if err != nil {
			return err
		}
		h.edge(v, h.label("static "+name))
	}
	nf := int(r.u2())
	for i := 0; i < nf && r.err == nil; i++ {
		name := h.strs[r.id()]
		t := r.u1()
		if r.valueSize(t) < 0 {
			return fmt.Errorf("at byte %d: class %s: field %s of unknown type %d", r.off, c.Name, name, t)
		}
		c.fields = append(c.fields, field{name: name, typ: t})
	}
	o.n = uint32(len(h.edgeTo)) - o.first
	h.objs = append(h.objs, o)
	h.classes[c.ID] = c
	h.byName[c.Name] = append(h.byName[c.Name], c)
	return nil
}

// javaName turns "java/util/HashMap$Node" and "[Ljava/lang/Object;" into "java.util.HashMap$Node"
// and "java.lang.Object[]".
func javaName(s string) string {
	dims := 0
	for dims < len(s) && s[dims] == '[' {
		dims++
	}
	if dims == 0 {
		return strings.ReplaceAll(s, "/", ".")
	}
	el := s[dims:]
	switch {
	case strings.HasPrefix(el, "L") && strings.HasSuffix(el, ";"):
		el = strings.ReplaceAll(el[1:len(el)-1], "/", ".")
	case len(el) == 1:
		el = map[byte]string{'Z': "boolean", 'C': "char", 'F': "float", 'D': "double", 'B': "byte",
			'S': "short", 'I': "int", 'J': "long"}[el[0]]
	}
	return el + strings.Repeat("[]", dims)
}

// isReference reports whether c is java.lang.ref.Reference or a subclass.
func (h *Heap) isReference(c *Class) bool {
	if c.ref != 0 {
		return c.ref > 0
	}
	res := false
	for k, depth := c, 0; k != nil && depth < 64; k, depth = h.classes[k.Super], depth+1 {
		if k.Name == "java.lang.ref.Reference" {
			res = true
			break
		}
	}
	c.ref = -1
	if res {
		c.ref = 1
	}
	return res
}

// eachField walks the field values of an instance of c (its own fields, then its superclasses'),
// calling fn with the declaring class, the field and its value (object ids; 0 for primitives).
// It returns false when the data is shorter than the class layout says.
func (h *Heap) eachField(c *Class, data []byte, fn func(decl *Class, f field, v ID, raw []byte)) bool {
	off := 0
	for k, depth := c, 0; k != nil && depth < 64; k, depth = h.classes[k.Super], depth+1 {
		for _, f := range k.fields {
			sz := 0
			switch f.typ {
			case typeObject:
				sz = h.idSize
			case typeBoolean, typeByte:
				sz = 1
			case typeChar, typeShort:
				sz = 2
			case typeFloat, typeInt:
				sz = 4
			default:
				sz = 8
			}
			if off+sz > len(data) {
				return false
			}
			var v ID
			if f.typ == typeObject {
				if h.idSize == 4 {
					v = ID(binary.BigEndian.Uint32(data[off:]))
				} else {
					v = binary.BigEndian.Uint64(data[off:])
				}
			}
			fn(k, f, v, data[off:off+sz])
			off += sz
		}
	}
	return true
}

func (h *Heap) addInstance(id ID, c *Class, data []byte) {
	o := object{id: id, class: c.ID, kind: kindInstance, first: uint32(len(h.edgeTo))}
	h.edge(c.ID, labelClass)
	ref := h.isReference(c)
	h.eachField(c, data, func(decl *Class, f field, v ID, _ []byte) {
		if v == 0 {
			return
		}
		if ref && f.name == "referent" && decl.Name == "java.lang.ref.Reference" {
			return // soft, weak, phantom and final references do not keep their referent alive
		}
		h.edge(v, h.label(f.name))
	})
	o.n = uint32(len(h.edgeTo)) - o.first
	h.objs = append(h.objs, o)
}

func (h *Heap) index(id ID) int {
	i := sort.Search(len(h.objs), func(i int) bool { return h.objs[i].id >= id })
	if i < len(h.objs) && h.objs[i].id == id {
		return i
	}
	return -1
}

// Objects is the number of instances, object arrays and classes in the dump (primitive arrays
// are not counted).
func (h *Heap) Objects() int { return len(h.objs) }

// References is the number of non-null references between them.
func (h *Heap) References() int { return len(h.edgeTo) }

// ClassByName returns the classes of that binary name (one per defining loader).
func (h *Heap) ClassByName(name string) []*Class { return h.byName[name] }

// ClassOf returns the class of an instance or array, or the class an object id is the mirror of.
func (h *Heap) ClassOf(id ID) *Class {
	i := h.index(id)
	if i < 0 {
		return nil
	}
	if h.objs[i].kind == kindClass {
		return h.classes[id]
	}
	return h.classes[h.objs[i].class]
}

// Instances returns the ids of the instances whose class has exactly this name.
func (h *Heap) Instances(className string) []ID {
	want := map[ID]bool{}
	for _, c := range h.byName[className] {
		want[c.ID] = true
	}
	var out []ID
	for _, o := range h.objs {
		if o.kind == kindInstance && want[o.class] {
			out = append(out, o.id)
		}
	}
	return out
}

// DefinedBy returns the names of the classes whose defining loader is the given object, sorted.
func (h *Heap) DefinedBy(loader ID) []string {
	var out []string
	for _, c := range h.classes {
		if c.Loader == loader && loader != 0 {
			out = append(out, c.Name)
		}
	}
	sort.Strings(out)
	return out
}

// Step is one object on a reference path.
type Step struct {
	Object ID
	Class  string // the object's class; for a class object, the class it is ("class a.B")
	Via    string // how the previous object holds this one: a field name, "static F", "[3]", "<class>", "<loader>", ... ("" for the root)
}

// Path is a chain of strong references from a GC root to an object.
type Path struct {
	Root     RootKind
	RootDesc string // "thread 'main'", "system class java.lang.Thread", "local variable in thread 'x' at a.B.m(B.java:12)"
	Steps    []Step // the root object first, the target last
	// Target names the last object when the path is printed; empty means its class name.
	Target string
}

// Strings returns the value of java.lang.String objects (JDK 8 char[] and JDK 9+ byte[] with
// coder); ids that are not Strings are missing from the result. It reads the dump twice more.
func (h *Heap) Strings(ids []ID) (map[ID]string, error) {
	want := map[ID]bool{}
	for _, id := range ids {
		want[id] = true
	}
	type sv struct {
		value ID
		coder byte
	}
	vals := map[ID]sv{}
	arrays := map[ID]bool{}
	err := h.scan(func(r *reader, sub byte, id ID, class ID, data []byte) {
		if sub != subInstanceDump || !want[id] {
			return
		}
		c := h.classes[class]
		if c == nil || c.Name != "java.lang.String" {
			return
		}
		var v sv
		h.eachField(c, data, func(decl *Class, f field, ref ID, raw []byte) {
			if decl != c {
				return
			}
			switch {
			case f.name == "value" && f.typ == typeObject:
				v.value = ref
			case f.name == "coder" && f.typ == typeByte:
				v.coder = raw[0]
			}
		})
		vals[id] = v
		arrays[v.value] = true
	}, nil)
	if err != nil {
		return nil, err
	}
	content := map[ID][]byte{}
	types := map[ID]byte{}
	err = h.scan(nil, func(id ID, t byte, data []byte) {
		if arrays[id] {
			content[id] = append([]byte(nil), data...)
			types[id] = t
		}
	})
	if err != nil {
		return nil, err
	}
	out := map[ID]string{}
	for id, v := range vals {
		b, ok := content[v.value]
		switch {
		case v.value == 0:
			out[id] = ""
		case !ok:
		case types[v.value] == typeChar: // JDK 8: char[] written big-endian
			u := make([]uint16, len(b)/2)
			for i := range u {
				u[i] = binary.BigEndian.Uint16(b[2*i:])
			}
			out[id] = string(utf16.Decode(u))
		case v.coder == 0: // Latin-1
			r := make([]rune, len(b))
			for i, c := range b {
				r[i] = rune(c)
			}
			out[id] = string(r)
		default: // UTF-16 in the JVM's byte order, little-endian on every platform a base runs on
			u := make([]uint16, len(b)/2)
			for i := range u {
				u[i] = binary.LittleEndian.Uint16(b[2*i:])
			}
			out[id] = string(utf16.Decode(u))
		}
	}
	return out, nil
}

// RefFields returns, for each of the given instances, its non-null reference fields by name (the
// most derived declaration wins). It reads the dump once more.
func (h *Heap) RefFields(ids []ID) (map[ID]map[string]ID, error) {
	want := map[ID]bool{}
	for _, id := range ids {
		want[id] = true
	}
	out := map[ID]map[string]ID{}
	err := h.scan(func(r *reader, sub byte, id ID, class ID, data []byte) {
		if sub != subInstanceDump || !want[id] {
			return
		}
		c := h.classes[class]
		if c == nil {
			return
		}
		m := map[string]ID{}
		h.eachField(c, data, func(_ *Class, f field, v ID, _ []byte) {
			if _, seen := m[f.name]; !seen && f.typ == typeObject && v != 0 {
				m[f.name] = v
			}
		})
		out[id] = m
	}, nil)
	return out, err
}

// scan reads the dump again, handing instance dumps to inst and primitive arrays to prim.
func (h *Heap) scan(inst func(r *reader, sub byte, id, class ID, data []byte), prim func(id ID, t byte, data []byte)) error {
	f, err := os.Open(h.path)
	if err != nil {
		return fmt.Errorf("read heap dump: %w", err)
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<20)
	_, off, err := header(br)
	if err != nil {
		return err
	}
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("read heap dump: %w", err)
	}
	r := &reader{br: br, idSize: h.idSize, off: off, size: fi.Size()}
	var buf []byte
	for {
		tag, err := br.ReadByte()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read heap dump: %w", err)
		}
		r.off++
		r.u4()
		length := int64(r.u4())
		if r.err != nil {
			return r.err
		}
		if r.off+length > r.size {
			return fmt.Errorf("record 0x%02x at byte %d: past the end of the file", tag, r.off-9)
		}
		if tag != tagHeapDump && tag != tagHeapDumpSegment {
			r.skip(length)
			continue
		}
		end := r.off + length
		for r.off < end && r.err == nil {
			sub := r.u1()
			switch sub {
			case subRootUnknown, subRootStickyClass, subRootMonitorUsed:
				r.skip(int64(h.idSize))
			case subRootJNIGlobal:
				r.skip(int64(2 * h.idSize))
			case subRootJNILocal, subRootJavaFrame, subRootThreadObj:
				r.skip(int64(h.idSize + 8))
			case subRootNativeStack, subRootThreadBlock:
				r.skip(int64(h.idSize + 4))
			case subClassDump:
				r.skip(int64(7*h.idSize + 8))
				for i, n := 0, int(r.u2()); i < n && r.err == nil; i++ {
					r.u2()
					r.skip(int64(r.valueSize(r.u1())))
				}
				for i, n := 0, int(r.u2()); i < n && r.err == nil; i++ {
					r.skip(int64(h.idSize))
					r.skip(int64(r.valueSize(r.u1())))
				}
				n := int(r.u2())
				r.skip(int64(n * (h.idSize + 1)))
			case subInstanceDump:
				id := r.id()
				r.u4()
				cid := r.id()
				n := int64(r.u4())
				if n > end-r.off {
					return fmt.Errorf("at byte %d: instance of %d bytes past the end of its segment", r.off, n)
				}
				buf = r.bytes(int(n), buf)
				if inst != nil && r.err == nil {
					inst(r, sub, id, cid, buf)
				}
			case subObjArrayDump:
				r.id()
				r.u4()
				n := int64(r.u4())
				r.id()
				r.skip(n * int64(h.idSize))
			case subPrimArrayDump:
				id := r.id()
				r.u4()
				n := int(r.u4())
				t := r.u1()
				sz := r.valueSize(t)
				if sz < 0 {
					return fmt.Errorf("at byte %d: unknown primitive array type %d", r.off, t)
				}
				if int64(n)*int64(sz) > end-r.off {
					return fmt.Errorf("at byte %d: array of %d bytes past the end of its segment", r.off, n*sz)
				}
				if prim != nil {
					buf = r.bytes(n*sz, buf)
					if r.err == nil {
						prim(id, t, buf)
					}
				} else {
					r.skip(int64(n * sz))
				}
			default:
				return fmt.Errorf("at byte %d: unknown heap dump sub-record 0x%02x", r.off-1, sub)
			}
		}
		if r.err != nil {
			return r.err
		}
	}
}

// Stats describe one parsed dump.
type Stats struct {
	Bytes      int64         `json:"bytes"`
	Objects    int           `json:"objects"`
	References int           `json:"references"`
	Parse      time.Duration `json:"parseNanos"`
}
