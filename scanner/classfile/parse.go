package classfile

import (
	"encoding/binary"
	"fmt"
)

// Access flags (JVMS tables 4.1-B, 4.5-A, 4.6-A, 4.7.6-A).
const (
	accPublic       = 0x0001
	accPrivate      = 0x0002
	accProtected    = 0x0004
	accStatic       = 0x0008
	accFinal        = 0x0010
	accSuper        = 0x0020 // classes
	accSynchronized = 0x0020 // methods
	accVolatile     = 0x0040 // fields
	accBridge       = 0x0040 // methods
	accTransient    = 0x0080 // fields
	accVarargs      = 0x0080 // methods
	accNative       = 0x0100
	accInterface    = 0x0200
	accAbstract     = 0x0400
	accStrict       = 0x0800
	accSynthetic    = 0x1000
	accAnnotation   = 0x2000
	accEnum         = 0x4000
	accModule       = 0x8000
)

// limits bound the work done on one class file. Zero values take the defaults.
type limits struct {
	MaxPoolEntries int // constant_pool_count cap (default 65535, the format's own maximum)
	MaxClassBytes  int // size of the class file (default 16 MiB)
}

// defaultLimits are used by Parse.
var defaultLimits = limits{MaxPoolEntries: 65535, MaxClassBytes: 16 << 20}

// ClassFile is a parsed class. Strings are copies; Code slices alias the parsed bytes, so a
// ClassFile must not outlive the data it was parsed from if its code is still to be read.
type ClassFile struct {
	Minor, Major uint16
	cpool        *pool
	Access       uint16
	Name         string // internal name: com/acme/Foo$Bar
	Super        string // internal name, "" for java/lang/Object and module-info
	Interfaces   []string
	fields       []member
	methods      []member
	SourceFile   string
	Signature    string
	annotations  []annotation
	inner        []innerClass
	// EnclosingClass is the class named by the EnclosingMethod attribute (local and anonymous classes).
	EnclosingClass string
	// EnclosingMethod is the method of EnclosingClass that creates the class, "<initializer>"
	// when the attribute names none.
	EnclosingMethod string
	bootstrap       []bootstrap
}

// innerClass is one InnerClasses attribute entry.
type innerClass struct {
	Inner, Outer, Name string // Outer and Name are "" for local / anonymous classes
	Access             uint16
}

// bootstrap is one BootstrapMethods entry: the method handle constant and its static arguments.
type bootstrap struct {
	Method uint16
	Args   []uint16
}

// member is a field or method.
type member struct {
	Access      uint16
	Name        string
	Desc        string
	Signature   string
	Annotations []annotation
	// ParamAnnotations holds the parameter annotations (methods), by parameter position.
	ParamAnnotations [][]annotation
	Exceptions       []string // internal names (methods)
	ParamNames       []string // MethodParameters (methods), "" when absent
	ConstantValue    uint16   // pool index of a field's ConstantValue, 0 when absent
	Code             *codeAttr
}

// annotation is a runtime (visible or invisible) annotation. Values holds the string element
// values (single strings and arrays of strings).
type annotation struct {
	Type    string // field descriptor, e.g. Ljavax/annotation/PreDestroy;
	Visible bool
	Values  map[string][]string
}

// codeAttr is a method's codeAttr attribute.
type codeAttr struct {
	MaxStack, MaxLocals uint16
	Code                []byte
	Handlers            []handler
	Lines               []lineEntry
	Locals              []localVar
}

// handler is one exception-table entry. CatchType is 0 for catch-any (finally).
type handler struct {
	Start, End, PC uint16
	CatchType      uint16
}

// lineEntry maps a code offset to a source line.
type lineEntry struct {
	PC   uint16
	Line uint16
}

// localVar is one LocalVariableTable entry.
type localVar struct {
	Start, Length uint16
	Name, Desc    string
	Slot          uint16
}

type reader struct {
	b   []byte
	off int
	err error
}

func (r *reader) fail(what string) {
	if r.err == nil {
		r.err = formatErr("truncated at offset %d reading %s", r.off, what)
	}
}

func (r *reader) u1() uint8 {
	if r.err != nil || r.off+1 > len(r.b) {
		r.fail("u1")
		return 0
	}
	v := r.b[r.off]
	r.off++
	return v
}

func (r *reader) u2() uint16 {
	if r.err != nil || r.off+2 > len(r.b) {
		r.fail("u2")
		return 0
	}
	v := binary.BigEndian.Uint16(r.b[r.off:])
	r.off += 2
	return v
}

func (r *reader) u4() uint32 {
	if r.err != nil || r.off+4 > len(r.b) {
		r.fail("u4")
		return 0
	}
	v := binary.BigEndian.Uint32(r.b[r.off:])
	r.off += 4
	return v
}

func (r *reader) bytes(n int) []byte {
	if r.err != nil || n < 0 || r.off+n > len(r.b) {
		r.fail("bytes")
		return nil
	}
	v := r.b[r.off : r.off+n : r.off+n]
	r.off += n
	return v
}

func (r *reader) setErr(err error) {
	if r.err == nil && err != nil {
		r.err = err
	}
}

// Parse reads a class file with defaultLimits.
func Parse(data []byte) (*ClassFile, error) { return parseWithLimits(data, defaultLimits) }

// parseWithLimits reads a class file. Malformed input gives an error wrapping ErrFormat, a limit
// breach one wrapping ErrLimit; it never panics.
func parseWithLimits(data []byte, lim limits) (*ClassFile, error) {
	return parseLimits(data, lim, nil)
}

func parseLimits(data []byte, lim limits, reuse *pool) (*ClassFile, error) {
	if lim.MaxClassBytes > 0 && len(data) > lim.MaxClassBytes {
		return nil, fmt.Errorf("%w: class file has %d bytes (limit %d)", errLimit, len(data), lim.MaxClassBytes)
	}
	if len(data) < 10 {
		return nil, formatErr("truncated header (%d bytes)", len(data))
	}
	if binary.BigEndian.Uint32(data) != 0xCAFEBABE {
		return nil, formatErr("bad magic %#08x", binary.BigEndian.Uint32(data))
	}
	cf := &ClassFile{Minor: binary.BigEndian.Uint16(data[4:]), Major: binary.BigEndian.Uint16(data[6:])}
	pool, off, err := parsePool(data, 8, lim.MaxPoolEntries, reuse)
	if err != nil {
		return nil, err
	}
	cf.cpool = pool
	r := &reader{b: data, off: off}
	cf.Access = r.u2()
	this, super := r.u2(), r.u2()
	if r.err != nil {
		return nil, r.err
	}
	if cf.Name, err = pool.ClassName(this); err != nil {
		return nil, fmt.Errorf("this_class: %w", err)
	}
	if super != 0 {
		if cf.Super, err = pool.ClassName(super); err != nil {
			return nil, fmt.Errorf("super_class: %w", err)
		}
	}
	n := int(r.u2())
	if r.err == nil && n > 0 {
		cf.Interfaces = make([]string, 0, min(n, 256))
		for i := 0; i < n && r.err == nil; i++ {
			s, err := pool.ClassName(r.u2())
			r.setErr(err)
			cf.Interfaces = append(cf.Interfaces, s)
		}
	}
	cf.fields = r.members(pool, false)
	cf.methods = r.members(pool, true)
	n = int(r.u2())
	for i := 0; i < n && r.err == nil; i++ {
		r.classAttr(cf)
	}
	if r.err != nil {
		return nil, fmt.Errorf("class %s: %w", cf.Name, r.err)
	}
	return cf, nil
}

func (r *reader) members(pool *pool, methods bool) []member {
	n := int(r.u2())
	if r.err != nil || n == 0 {
		return nil
	}
	// each member needs at least 8 bytes: do not trust a huge count on truncated input
	if n*8 > len(r.b)-r.off {
		r.fail("members")
		return nil
	}
	ms := make([]member, n)
	var codes []codeAttr
	for i := range ms {
		m := &ms[i]
		m.Access = r.u2()
		name, desc := r.u2(), r.u2()
		if r.err != nil {
			return nil
		}
		var err error
		if m.Name, err = pool.Utf8(name); err != nil {
			r.setErr(err)
			return nil
		}
		if m.Desc, err = pool.Utf8(desc); err != nil {
			r.setErr(err)
			return nil
		}
		na := int(r.u2())
		var code *codeAttr
		if methods {
			if codes == nil {
				codes = make([]codeAttr, n)
			}
			code = &codes[i]
		}
		for j := 0; j < na && r.err == nil; j++ {
			r.memberAttr(pool, m, methods, code)
		}
	}
	return ms
}

// attr reads an attribute header and returns its name and a reader over its body.
func (r *reader) attr(pool *pool) (string, reader, bool) {
	ni := r.u2()
	l := r.u4()
	body := r.bytes(int(l))
	if r.err != nil {
		return "", reader{}, false
	}
	name, err := pool.Utf8(ni)
	if err != nil {
		r.setErr(err)
		return "", reader{}, false
	}
	return name, reader{b: body}, true
}

func (r *reader) memberAttr(pool *pool, m *member, methods bool, code *codeAttr) {
	name, a, ok := r.attr(pool)
	if !ok {
		return
	}
	switch name {
	case "Signature":
		s, err := pool.Utf8(a.u2())
		a.setErr(err)
		m.Signature = s
	case "ConstantValue":
		if !methods {
			m.ConstantValue = a.u2()
			if a.err == nil {
				_, err := pool.Entry(m.ConstantValue)
				a.setErr(err)
			}
		}
	case "RuntimeVisibleAnnotations", "RuntimeInvisibleAnnotations":
		m.Annotations = a.annotations(pool, name == "RuntimeVisibleAnnotations", m.Annotations)
	case "RuntimeVisibleParameterAnnotations", "RuntimeInvisibleParameterAnnotations":
		np := int(a.u1())
		for len(m.ParamAnnotations) < np {
			m.ParamAnnotations = append(m.ParamAnnotations, nil)
		}
		for i := 0; i < np && a.err == nil; i++ {
			m.ParamAnnotations[i] = a.annotations(pool, name == "RuntimeVisibleParameterAnnotations", m.ParamAnnotations[i])
		}
	case "Exceptions":
		n := int(a.u2())
		for i := 0; i < n && a.err == nil; i++ {
			s, err := pool.ClassName(a.u2())
			a.setErr(err)
			m.Exceptions = append(m.Exceptions, s)
		}
	case "MethodParameters":
		n := int(a.u1())
		m.ParamNames = make([]string, 0, n)
		for i := 0; i < n && a.err == nil; i++ {
			ni := a.u2()
			a.u2() // access flags
			s := ""
			if ni != 0 {
				var err error
				s, err = pool.Utf8(ni)
				a.setErr(err)
			}
			m.ParamNames = append(m.ParamNames, s)
		}
	case "Code":
		if methods {
			if a.code(pool, code) {
				m.Code = code
			}
		}
	}
	if a.err != nil {
		r.setErr(fmt.Errorf("%s.%s attribute %s: %w", m.Name, m.Desc, name, a.err))
	}
}

func (r *reader) code(pool *pool, c *codeAttr) bool {
	*c = codeAttr{MaxStack: r.u2(), MaxLocals: r.u2()}
	n := r.u4()
	if n == 0 || n > 65535 {
		r.setErr(formatErr("code length %d", n))
		return false
	}
	c.Code = r.bytes(int(n))
	nh := int(r.u2())
	if r.err != nil {
		return false
	}
	if nh*8 > len(r.b)-r.off {
		r.fail("exception table")
		return false
	}
	if nh > 0 {
		c.Handlers = make([]handler, nh)
	}
	for i := range c.Handlers {
		c.Handlers[i] = handler{Start: r.u2(), End: r.u2(), PC: r.u2(), CatchType: r.u2()}
	}
	na := int(r.u2())
	for i := 0; i < na && r.err == nil; i++ {
		name, a, ok := r.attr(pool)
		if !ok {
			break
		}
		switch name {
		case "LineNumberTable":
			k := int(a.u2())
			if k*4 > len(a.b) {
				a.fail("LineNumberTable")
				break
			}
			if c.Lines == nil {
				c.Lines = make([]lineEntry, 0, k)
			}
			for j := 0; j < k; j++ {
				c.Lines = append(c.Lines, lineEntry{PC: a.u2(), Line: a.u2()})
			}
		case "LocalVariableTable":
			k := int(a.u2())
			if k*10 > len(a.b) {
				a.fail("LocalVariableTable")
				break
			}
			if c.Locals == nil {
				c.Locals = make([]localVar, 0, k)
			}
			for j := 0; j < k && a.err == nil; j++ {
				lv := localVar{Start: a.u2(), Length: a.u2()}
				ni, di := a.u2(), a.u2()
				lv.Slot = a.u2()
				var err error
				if lv.Name, err = pool.Utf8(ni); err == nil {
					lv.Desc, err = pool.Utf8(di)
				}
				a.setErr(err)
				c.Locals = append(c.Locals, lv)
			}
		}
		if a.err != nil {
			r.setErr(fmt.Errorf("code attribute %s: %w", name, a.err))
		}
	}
	return r.err == nil
}

func (r *reader) classAttr(cf *ClassFile) {
	pool := cf.cpool
	name, a, ok := r.attr(pool)
	if !ok {
		return
	}
	switch name {
	case "SourceFile":
		s, err := pool.Utf8(a.u2())
		a.setErr(err)
		cf.SourceFile = s
	case "Signature":
		s, err := pool.Utf8(a.u2())
		a.setErr(err)
		cf.Signature = s
	case "RuntimeVisibleAnnotations", "RuntimeInvisibleAnnotations":
		cf.annotations = a.annotations(pool, name == "RuntimeVisibleAnnotations", cf.annotations)
	case "InnerClasses":
		n := int(a.u2())
		for i := 0; i < n && a.err == nil; i++ {
			ii, oi, ni, acc := a.u2(), a.u2(), a.u2(), a.u2()
			if a.err != nil {
				break
			}
			ic := innerClass{Access: acc}
			var err error
			ic.Inner, err = pool.ClassName(ii)
			if err == nil && oi != 0 {
				ic.Outer, err = pool.ClassName(oi)
			}
			if err == nil && ni != 0 {
				ic.Name, err = pool.Utf8(ni)
			}
			a.setErr(err)
			cf.inner = append(cf.inner, ic)
		}
	case "EnclosingMethod":
		s, err := pool.ClassName(a.u2())
		a.setErr(err)
		cf.EnclosingClass = s
		// method_index 0: an instance or static initializer (or a field initializer) creates it
		cf.EnclosingMethod = "<initializer>"
		if mi := a.u2(); mi != 0 && a.err == nil {
			name, _, err := pool.NameAndType(mi)
			a.setErr(err)
			cf.EnclosingMethod = name
		}
	case "BootstrapMethods":
		n := int(a.u2())
		if n*4 > len(a.b) {
			a.fail("BootstrapMethods")
			break
		}
		cf.bootstrap = make([]bootstrap, 0, n)
		for i := 0; i < n && a.err == nil; i++ {
			bm := bootstrap{Method: a.u2()}
			k := int(a.u2())
			if k*2 > len(a.b)-a.off {
				a.fail("bootstrap arguments")
				break
			}
			bm.Args = make([]uint16, k)
			for j := range bm.Args {
				bm.Args[j] = a.u2()
			}
			cf.bootstrap = append(cf.bootstrap, bm)
		}
	}
	if a.err != nil {
		r.setErr(fmt.Errorf("class attribute %s: %w", name, a.err))
	}
}

// annotations reads a Runtime(In)VisibleAnnotations body (or one parameter's list).
func (r *reader) annotations(pool *pool, visible bool, into []annotation) []annotation {
	n := int(r.u2())
	for i := 0; i < n && r.err == nil; i++ {
		into = append(into, r.annotation(pool, visible, 0))
	}
	return into
}

const maxAnnotationDepth = 32

func (r *reader) annotation(pool *pool, visible bool, depth int) annotation {
	if depth > maxAnnotationDepth {
		r.setErr(formatErr("annotations nested deeper than %d", maxAnnotationDepth))
		return annotation{}
	}
	t, err := pool.Utf8(r.u2())
	r.setErr(err)
	an := annotation{Type: t, Visible: visible}
	n := int(r.u2())
	for i := 0; i < n && r.err == nil; i++ {
		en, err := pool.Utf8(r.u2())
		r.setErr(err)
		strs := r.elementValue(pool, depth, nil)
		if r.err == nil && len(strs) > 0 {
			if an.Values == nil {
				an.Values = make(map[string][]string, n)
			}
			an.Values[en] = strs
		}
	}
	return an
}

// elementValue skips one element_value, collecting string constants (top level or in an array).
func (r *reader) elementValue(pool *pool, depth int, strs []string) []string {
	tag := r.u1()
	switch tag {
	case 'B', 'C', 'D', 'F', 'I', 'J', 'S', 'Z', 'c':
		r.u2()
	case 's':
		s, err := pool.Utf8(r.u2())
		r.setErr(err)
		strs = append(strs, s)
	case 'e':
		r.u2()
		r.u2()
	case '@':
		r.annotation(pool, false, depth+1)
	case '[':
		if depth > maxAnnotationDepth {
			r.setErr(formatErr("annotation arrays nested deeper than %d", maxAnnotationDepth))
			return strs
		}
		n := int(r.u2())
		for i := 0; i < n && r.err == nil; i++ {
			strs = r.elementValue(pool, depth+1, strs)
		}
	default:
		if r.err == nil {
			r.setErr(formatErr("bad element_value tag %q", tag))
		}
	}
	return strs
}
