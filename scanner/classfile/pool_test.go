package classfile

import (
	"encoding/binary"
	"errors"
	"math"
	"strings"
	"testing"
)

// classBuilder writes class files by hand, for tags javac does not emit in ordinary classes.
type classBuilder struct {
	pool []byte
	n    uint16 // next pool index
}

func (b *classBuilder) add(tag byte, body ...byte) uint16 {
	b.pool = append(b.pool, tag)
	b.pool = append(b.pool, body...)
	i := b.n
	b.n++
	if tag == tagLong || tag == tagDouble {
		b.n++
	}
	return i
}

func u2(v uint16) []byte { return binary.BigEndian.AppendUint16(nil, v) }

func (b *classBuilder) utf8(s string) uint16 {
	return b.add(tagUtf8, append(u2(uint16(len(s))), s...)...)
}

func (b *classBuilder) class(name string) uint16 { return b.add(tagClass, u2(b.utf8(name))...) }

func (b *classBuilder) nat(name, desc string) uint16 {
	n, d := b.utf8(name), b.utf8(desc)
	return b.add(tagNameAndType, append(u2(n), u2(d)...)...)
}

// bytes assembles the class: header, pool, flags, this/super, no interfaces, the given fields,
// methods and class attributes (already encoded).
func (b *classBuilder) bytes(this, super uint16, rest []byte) []byte {
	out := []byte{0xCA, 0xFE, 0xBA, 0xBE, 0, 0, 0, 69}
	out = append(out, u2(b.n)...)
	out = append(out, b.pool...)
	out = append(out, u2(accPublic|accSuper)...)
	out = append(out, u2(this)...)
	out = append(out, u2(super)...)
	out = append(out, 0, 0) // interfaces
	return append(out, rest...)
}

func newBuilder() *classBuilder { return &classBuilder{n: 1} }

// allTags builds a class whose pool holds every constant-pool tag.
func allTags(t *testing.T) ([]byte, map[string]uint16) {
	b := newBuilder()
	idx := map[string]uint16{}
	idx["this"] = b.class("com/acme/AllTags")
	idx["super"] = b.class("java/lang/Object")
	idx["int"] = b.add(tagInteger, binary.BigEndian.AppendUint32(nil, uint32(0xFFFFFFFE))...)
	idx["float"] = b.add(tagFloat, binary.BigEndian.AppendUint32(nil, math.Float32bits(1.5))...)
	idx["long"] = b.add(tagLong, binary.BigEndian.AppendUint64(nil, 1<<40)...)
	idx["double"] = b.add(tagDouble, binary.BigEndian.AppendUint64(nil, math.Float64bits(2.25))...)
	idx["string"] = b.add(tagString, u2(b.utf8("h\u00e9llo \U0001F600"))...)
	owner := b.class("java/lang/System")
	idx["field"] = b.add(tagFieldref, append(u2(owner), u2(b.nat("out", "Ljava/io/PrintStream;"))...)...)
	idx["method"] = b.add(tagMethodref, append(u2(owner), u2(b.nat("exit", "(I)V"))...)...)
	iface := b.class("java/util/Map")
	idx["imethod"] = b.add(tagInterfaceMethodref, append(u2(iface), u2(b.nat("get", "(Ljava/lang/Object;)Ljava/lang/Object;"))...)...)
	idx["mh"] = b.add(tagMethodHandle, append([]byte{6}, u2(idx["method"])...)...)
	idx["mt"] = b.add(tagMethodType, u2(b.utf8("()V"))...)
	idx["dynamic"] = b.add(tagDynamic, append(u2(0), u2(b.nat("_", "Ljava/lang/Object;"))...)...)
	idx["indy"] = b.add(tagInvokeDynamic, append(u2(0), u2(b.nat("run", "()Ljava/lang/Runnable;"))...)...)
	idx["module"] = b.add(tagModule, u2(b.utf8("com.acme.mod"))...)
	idx["package"] = b.add(tagPackage, u2(b.utf8("com/acme"))...)
	idx["last"] = b.utf8("last")
	rest := []byte{0, 0, 0, 0, 0, 0} // no fields, methods, attributes
	return b.bytes(idx["this"], idx["super"], rest), idx
}

func TestPoolAllTags(t *testing.T) {
	data, idx := allTags(t)
	cf, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	p := cf.cpool
	if cf.Name != "com/acme/AllTags" || cf.Super != "java/lang/Object" || cf.Major != 69 {
		t.Errorf("class %q super %q major %d", cf.Name, cf.Super, cf.Major)
	}
	checks := map[string]string{"int": "-2", "float": "1.5", "long": "1099511627776", "double": "2.25", "string": "h\u00e9llo \U0001F600"}
	for k, want := range checks {
		if got, err := p.ConstString(idx[k]); err != nil || got != want {
			t.Errorf("%s = %q, %v; want %q", k, got, err, want)
		}
	}
	if _, err := p.Entry(idx["long"] + 1); err == nil {
		t.Error("the slot after a long is usable")
	}
	if r, err := p.MemberRef(idx["field"]); err != nil || r != (memberRef{tagFieldref, "java.lang.System", "out", "Ljava/io/PrintStream;"}) {
		t.Errorf("fieldref = %+v, %v", r, err)
	}
	if r, err := p.MemberRef(idx["imethod"]); err != nil || r.Tag != tagInterfaceMethodref || r.Owner != "java.util.Map" || r.Name != "get" {
		t.Errorf("interface methodref = %+v, %v", r, err)
	}
	if k, r, err := p.MethodHandle(idx["mh"]); err != nil || k != 6 || r.Name != "exit" {
		t.Errorf("method handle = %d %+v %v", k, r, err)
	}
	for _, k := range []string{"mt", "dynamic", "indy", "module", "package"} {
		e, err := p.Entry(idx[k])
		if err != nil {
			t.Errorf("%s: %v", k, err)
		}
		want := map[string]uint8{"mt": tagMethodType, "dynamic": tagDynamic, "indy": tagInvokeDynamic, "module": tagModule, "package": tagPackage}[k]
		if e.Tag != want {
			t.Errorf("%s tag = %d, want %d", k, e.Tag, want)
		}
	}
	if n, _, err := p.NameAndType(uint16(mustEntry(t, p, idx["dynamic"]).B)); err != nil || n != "_" {
		t.Errorf("dynamic nat = %q %v", n, err)
	}
	if s, err := p.Utf8(uint16(mustEntry(t, p, idx["module"]).A)); err != nil || s != "com.acme.mod" {
		t.Errorf("module = %q %v", s, err)
	}
	if s, err := p.Utf8(uint16(mustEntry(t, p, idx["package"]).A)); err != nil || s != "com/acme" {
		t.Errorf("package = %q %v", s, err)
	}
	if p.Len() != int(idx["last"])+1 {
		t.Errorf("pool len %d", p.Len())
	}
	if _, err := p.Utf8(idx["int"]); !errors.Is(err, ErrFormat) {
		t.Errorf("utf8 of an integer: %v", err)
	}
	f, err := lowerClass(cf, "AllTags.class", "")
	if err != nil || len(f.Classes) != 1 || f.Classes[0].Name != "com.acme.AllTags" || f.Package != "com.acme" {
		t.Errorf("lower = %+v, %v", f, err)
	}
}

func mustEntry(t *testing.T, p *pool, i uint16) poolConst {
	t.Helper()
	e, err := p.Entry(i)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestMalformed(t *testing.T) {
	good, idx := allTags(t)
	// every truncation is an error, never a panic
	for n := 0; n < len(good); n++ {
		if _, err := Parse(good[:n]); err == nil {
			t.Fatalf("truncated to %d bytes: no error", n)
		}
	}
	bad := append([]byte{}, good...)
	bad[0] = 0xCB
	if _, err := Parse(bad); !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), "magic") {
		t.Errorf("bad magic: %v", err)
	}
	// this_class pointing past the pool
	b := newBuilder()
	this := b.class("A")
	data := b.bytes(this+40, 0, []byte{0, 0, 0, 0, 0, 0})
	if _, err := Parse(data); !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), "out of range") {
		t.Errorf("this_class out of range: %v", err)
	}
	// a reference inside the pool out of range
	b = newBuilder()
	b.add(tagString, u2(999)...)
	this = b.class("A")
	if _, err := Parse(b.bytes(this, 0, []byte{0, 0, 0, 0, 0, 0})); !errors.Is(err, ErrFormat) {
		t.Errorf("string index out of range: %v", err)
	}
	// a method handle of a bad kind
	b = newBuilder()
	this = b.class("A")
	b.add(tagMethodHandle, append([]byte{12}, u2(this)...)...)
	if _, err := Parse(b.bytes(this, 0, []byte{0, 0, 0, 0, 0, 0})); !errors.Is(err, ErrFormat) {
		t.Errorf("bad method handle kind: %v", err)
	}
	// unknown tag
	b = newBuilder()
	this = b.class("A")
	b.add(2, 0, 0)
	if _, err := Parse(b.bytes(this, 0, []byte{0, 0, 0, 0, 0, 0})); !errors.Is(err, ErrFormat) {
		t.Errorf("unknown tag: %v", err)
	}
	// pool size limit
	if _, err := parseWithLimits(good, limits{MaxPoolEntries: 5}); !errors.Is(err, errLimit) {
		t.Errorf("pool limit: %v", err)
	}
	_ = idx
}

// method builds a method_info with one Code attribute.
func codeMethod(b *classBuilder, name, desc string, maxStack, maxLocals uint16, code []byte) []byte {
	var m []byte
	m = append(m, u2(accPublic|accStatic)...)
	m = append(m, u2(b.utf8(name))...)
	m = append(m, u2(b.utf8(desc))...)
	m = append(m, 0, 1)
	m = append(m, u2(b.utf8("Code"))...)
	body := append(u2(maxStack), u2(maxLocals)...)
	body = binary.BigEndian.AppendUint32(body, uint32(len(code)))
	body = append(body, code...)
	body = append(body, 0, 0, 0, 0) // no handlers, no attributes
	m = binary.BigEndian.AppendUint32(m, uint32(len(body)))
	return append(m, body...)
}

func TestHostileCode(t *testing.T) {
	cases := map[string][]byte{
		"branch out of range":  {0xa7, 0x7f, 0xff, 0xb1},
		"branch mid-insn":      {0x11, 0, 0, 0xa7, 0xff, 0xfe, 0xb1},
		"unknown opcode":       {0xfe},
		"truncated invoke":     {0xb8, 0},
		"bad switch":           {0x03, 0xaa, 0, 0, 0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0x7f, 0xff, 0xff, 0xff},
		"invoke of a non-ref":  {0xb8, 0, 1, 0xb1},
		"pops on empty stack":  {0x57, 0x58, 0x5f, 0x5d, 0x5e, 0xc2, 0xb1},
		"ldc of a utf8":        {0x12, 1, 0xb1},
		"indy, no bootstraps":  {0xba, 0, 1, 0, 0, 0xb1},
		"deep stack then pops": append(append([]byte{}, repeat(0x01, 2000)...), 0xb1),
	}
	for name, code := range cases {
		b := newBuilder()
		this := b.class("A")
		m := codeMethod(b, "m", "()V", 4, 4, code)
		rest := append([]byte{0, 0, 0, 1}, m...)
		rest = append(rest, 0, 0)
		data := b.bytes(this, 0, rest)
		cf, err := Parse(data)
		if err != nil {
			t.Fatalf("%s: parse: %v", name, err)
		}
		_, err = lowerClass(cf, "A.class", "")
		if name == "pops on empty stack" || name == "deep stack then pops" {
			if err != nil {
				t.Errorf("%s: %v (an underflowing stack is tolerated)", name, err)
			}
			continue
		}
		if !errors.Is(err, ErrFormat) {
			t.Errorf("%s: err = %v, want a format error", name, err)
		}
	}
}

func repeat(c byte, n int) []byte {
	out := make([]byte, n)
	for i := range out {
		out[i] = c
	}
	return out
}

func TestSignatures(t *testing.T) {
	fields := map[string]string{
		"Ljava/util/Map<Ljava/lang/Class<*>;Ljava/lang/String;>;": "java.util.Map<java.lang.Class<?>, java.lang.String>",
		"Ljava/util/List<+Ljava/lang/Number;>;":                   "java.util.List<? extends java.lang.Number>",
		"Ljava/util/List<-Ljava/lang/Integer;>;":                  "java.util.List<?>",
		"[Ljava/util/List<TT;>;":                                  "java.util.List<T>[]",
		"TT;":                                                     "T",
		"Lcom/acme/Outer<TK;>.Inner<Ljava/lang/String;>;":         "com.acme.Outer$Inner<java.lang.String>",
		"Ljava/lang/ThreadLocal<Ljava/util/Map<TK;[I>;>;":         "java.lang.ThreadLocal<java.util.Map<K, int[]>>",
	}
	for sig, want := range fields {
		got, ok := fieldSignature(sig)
		if !ok || got.String() != want {
			t.Errorf("FieldSignature(%q) = %q, %v; want %q", sig, got.String(), ok, want)
		}
	}
	for _, bad := range []string{"", "L", "Ljava/util/List<", "Ljava/util/List<TT>;", "Q;", "Ljava/lang/String;x"} {
		if _, ok := fieldSignature(bad); ok {
			t.Errorf("FieldSignature(%q) accepted", bad)
		}
	}
	ps, ret, ok := methodSignature("<T:Ljava/lang/Object;U::Ljava/lang/Comparable<TU;>;>(Ljava/util/List<TT;>;IJ)Ljava/util/Map<TT;TU;>;^Ljava/io/IOException;^TX;")
	if !ok || len(ps) != 3 || ps[0].String() != "java.util.List<T>" || ps[2].Name != "long" || ret.String() != "java.util.Map<T, U>" {
		t.Errorf("MethodSignature = %v %v %v", ps, ret, ok)
	}
	sup, ifs, ok := classSignature("<E:Ljava/lang/Object;>Ljava/util/AbstractList<TE;>;Ljava/util/List<TE;>;Ljava/io/Serializable;")
	if !ok || sup.String() != "java.util.AbstractList<E>" || len(ifs) != 2 || ifs[1].Name != "java.io.Serializable" {
		t.Errorf("ClassSignature = %v %v %v", sup, ifs, ok)
	}
	params, r, ok := methodType("(I[JLjava/lang/String;[[Ljava/lang/Object;)V")
	if !ok || len(params) != 4 || params[1].String() != "long[]" || params[3].String() != "java.lang.Object[][]" || r.Name != "void" {
		t.Errorf("MethodType = %v %v %v", params, r, ok)
	}
	if argc, slots, ret, ok := argShape("(IJ[DLjava/lang/String;D)J"); !ok || argc != 5 || slots != 7 || ret != 2 {
		t.Errorf("argShape = %d %d %d %v", argc, slots, ret, ok)
	}
	for _, bad := range []string{"", "()", "(V)V", "(L)V", "(I", "(I)VV", "([)V"} {
		if _, _, ok := methodType(bad); ok {
			t.Errorf("MethodType(%q) accepted", bad)
		}
		if _, _, _, ok := argShape(bad); ok && bad != "(V)V" && bad != "(I)VV" {
			t.Errorf("argShape(%q) accepted", bad)
		}
	}
}

func TestDecodeMUTF8(t *testing.T) {
	cases := map[string]string{
		"abc":                      "abc",
		"\xc0\x80":                 "\x00",
		"\xc3\xa9":                 "é",
		"\xed\xa0\xbd\xed\xb8\x80": "\U0001F600",
		"\xff":                     "\uFFFD",
		"\xed\xa0\xbd":             "\uFFFD",
	}
	for in, want := range cases {
		if got := decodeMUTF8([]byte(in)); got != want {
			t.Errorf("decode(%q) = %q, want %q", in, got, want)
		}
	}
}
