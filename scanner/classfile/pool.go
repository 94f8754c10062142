package classfile

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Constant-pool tags, as in JVMS §4.4 (up to Java 25).
const (
	tagUtf8               = 1
	tagInteger            = 3
	tagFloat              = 4
	tagLong               = 5
	tagDouble             = 6
	tagClass              = 7
	tagString             = 8
	tagFieldref           = 9
	tagMethodref          = 10
	tagInterfaceMethodref = 11
	tagNameAndType        = 12
	tagMethodHandle       = 15
	tagMethodType         = 16
	tagDynamic            = 17
	tagInvokeDynamic      = 18
	tagModule             = 19
	tagPackage            = 20
)

// ErrFormat is wrapped by every error about malformed class bytes.
var ErrFormat = errors.New("malformed class file")

// errLimit is wrapped by errors about a class that exceeds a configured limit.
var errLimit = errors.New("class file limit exceeded")

func formatErr(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrFormat}, args...)...)
}

// poolConst is one constant-pool entry. A and B hold the entry's u1/u2 operands (for a Utf8 entry,
// the offset and length of its bytes in the pool's data; for Integer/Float, Long/Double, the
// raw bits are in Bits).
type poolConst struct {
	Tag  uint8
	A, B uint32
	Bits uint64
}

// pool is a parsed constant pool. Strings are decoded on first use and cached.
type pool struct {
	data    []byte
	entries []poolConst
	strs    []string // decoded Utf8 entries, by index
	done    []bool
	dotted  []string // dotted Class names by index ("" until computed)
}

// Len returns constant_pool_count (valid indices are 1..Len()-1).
func (p *pool) Len() int { return len(p.entries) }

// Entry returns entry i, or an error when i is out of range or unusable (index 0, the second
// slot of a Long/Double).
func (p *pool) Entry(i uint16) (poolConst, error) {
	if int(i) <= 0 || int(i) >= len(p.entries) || p.entries[i].Tag == 0 {
		return poolConst{}, formatErr("constant-pool index %d out of range (count %d)", i, len(p.entries))
	}
	return p.entries[i], nil
}

func (p *pool) tagged(i uint16, tag uint8) (poolConst, error) {
	c, err := p.Entry(i)
	if err != nil {
		return c, err
	}
	if c.Tag != tag {
		return c, formatErr("constant-pool entry %d has tag %d, want %d", i, c.Tag, tag)
	}
	return c, nil
}

// Utf8 returns the string of a Utf8 entry (modified UTF-8 decoded).
func (p *pool) Utf8(i uint16) (string, error) {
	c, err := p.tagged(i, tagUtf8)
	if err != nil {
		return "", err
	}
	if p.done[i] {
		return p.strs[i], nil
	}
	s := decodeMUTF8(p.data[c.A : c.A+c.B])
	p.strs[i], p.done[i] = s, true
	return s, nil
}

// ClassName returns the internal name (with slashes) of a Class entry.
func (p *pool) ClassName(i uint16) (string, error) {
	c, err := p.tagged(i, tagClass)
	if err != nil {
		return "", err
	}
	return p.Utf8(uint16(c.A))
}

// DottedClass returns a Class entry's name with dots (array descriptors are turned into Java
// names, "[Ljava/lang/String;" gives "java.lang.String[]" style erasure via TypeName).
func (p *pool) DottedClass(i uint16) (string, error) {
	if int(i) < len(p.dotted) && p.dotted[i] != "" {
		return p.dotted[i], nil
	}
	s, err := p.ClassName(i)
	if err != nil {
		return "", err
	}
	d := dotName(s)
	if len(p.dotted) < len(p.entries) {
		if cap(p.dotted) >= len(p.entries) {
			p.dotted = p.dotted[:len(p.entries)]
		} else {
			p.dotted = make([]string, len(p.entries))
		}
	}
	p.dotted[i] = d
	return d, nil
}

// NameAndType returns the name and descriptor of a NameAndType entry.
func (p *pool) NameAndType(i uint16) (name, desc string, err error) {
	c, err := p.tagged(i, tagNameAndType)
	if err != nil {
		return "", "", err
	}
	if name, err = p.Utf8(uint16(c.A)); err != nil {
		return "", "", err
	}
	desc, err = p.Utf8(uint16(c.B))
	return name, desc, err
}

// memberRef is a resolved Fieldref, Methodref or InterfaceMethodref.
type memberRef struct {
	Tag   uint8
	Owner string // dotted class name
	Name  string
	Desc  string
}

// MemberRef resolves a Fieldref, Methodref or InterfaceMethodref entry.
func (p *pool) MemberRef(i uint16) (memberRef, error) {
	c, err := p.Entry(i)
	if err != nil {
		return memberRef{}, err
	}
	if c.Tag != tagFieldref && c.Tag != tagMethodref && c.Tag != tagInterfaceMethodref {
		return memberRef{}, formatErr("constant-pool entry %d has tag %d, want a member reference", i, c.Tag)
	}
	owner, err := p.DottedClass(uint16(c.A))
	if err != nil {
		return memberRef{}, err
	}
	name, desc, err := p.NameAndType(uint16(c.B))
	if err != nil {
		return memberRef{}, err
	}
	return memberRef{Tag: c.Tag, Owner: owner, Name: name, Desc: desc}, nil
}

// MethodHandle resolves a MethodHandle entry to its kind and referenced member.
func (p *pool) MethodHandle(i uint16) (kind uint8, ref memberRef, err error) {
	c, err := p.tagged(i, tagMethodHandle)
	if err != nil {
		return 0, memberRef{}, err
	}
	ref, err = p.MemberRef(uint16(c.B))
	return uint8(c.A), ref, err
}

// ConstString renders a loadable numeric or string constant as text.
func (p *pool) ConstString(i uint16) (string, error) {
	c, err := p.Entry(i)
	if err != nil {
		return "", err
	}
	switch c.Tag {
	case tagInteger:
		return strconv.FormatInt(int64(int32(uint32(c.Bits))), 10), nil
	case tagFloat:
		return strconv.FormatFloat(float64(math.Float32frombits(uint32(c.Bits))), 'g', -1, 32), nil
	case tagLong:
		return strconv.FormatInt(int64(c.Bits), 10), nil
	case tagDouble:
		return strconv.FormatFloat(math.Float64frombits(c.Bits), 'g', -1, 64), nil
	case tagString:
		return p.Utf8(uint16(c.A))
	}
	return "", formatErr("constant-pool entry %d (tag %d) is not a string or number", i, c.Tag)
}

// parsePool reads the constant pool starting at data[off:] and returns the offset after it.
func parsePool(data []byte, off int, maxEntries int, reuse *pool) (*pool, int, error) {
	if off+2 > len(data) {
		return nil, 0, formatErr("truncated before constant pool")
	}
	n := int(binary.BigEndian.Uint16(data[off:]))
	off += 2
	if n == 0 {
		return nil, 0, formatErr("constant_pool_count is 0")
	}
	if maxEntries > 0 && n > maxEntries {
		return nil, 0, fmt.Errorf("%w: constant pool has %d entries (limit %d)", errLimit, n, maxEntries)
	}
	var p *pool
	if reuse != nil && cap(reuse.entries) >= n {
		p = reuse
		// entries are all rewritten below; a string is only read when its done flag is set
		p.data, p.entries, p.strs, p.done = data, p.entries[:n], p.strs[:n], p.done[:n]
		p.entries[0] = poolConst{}
		clear(p.done)
		clear(p.dotted)
		p.dotted = p.dotted[:0]
	} else {
		p = &pool{data: data, entries: make([]poolConst, n), strs: make([]string, n), done: make([]bool, n)}
		if reuse != nil {
			*reuse = *p
			p = reuse
		}
	}
	need := func(k int) error {
		if off+k > len(data) {
			return formatErr("truncated in constant pool")
		}
		return nil
	}
	for i := 1; i < n; i++ {
		if err := need(1); err != nil {
			return nil, 0, err
		}
		tag := data[off]
		off++
		e := poolConst{Tag: tag}
		switch tag {
		case tagUtf8:
			if err := need(2); err != nil {
				return nil, 0, err
			}
			l := int(binary.BigEndian.Uint16(data[off:]))
			off += 2
			if err := need(l); err != nil {
				return nil, 0, err
			}
			e.A, e.B = uint32(off), uint32(l)
			off += l
		case tagInteger, tagFloat:
			if err := need(4); err != nil {
				return nil, 0, err
			}
			e.Bits = uint64(binary.BigEndian.Uint32(data[off:]))
			off += 4
		case tagLong, tagDouble:
			if err := need(8); err != nil {
				return nil, 0, err
			}
			e.Bits = binary.BigEndian.Uint64(data[off:])
			off += 8
			p.entries[i] = e
			i++ // takes two slots; the second stays unusable (Tag 0)
			if i >= n {
				return nil, 0, formatErr("long/double constant at the last pool index")
			}
			p.entries[i] = poolConst{}
			continue
		case tagClass, tagString, tagMethodType, tagModule, tagPackage:
			if err := need(2); err != nil {
				return nil, 0, err
			}
			e.A = uint32(binary.BigEndian.Uint16(data[off:]))
			off += 2
		case tagFieldref, tagMethodref, tagInterfaceMethodref, tagNameAndType, tagDynamic, tagInvokeDynamic:
			if err := need(4); err != nil {
				return nil, 0, err
			}
			e.A = uint32(binary.BigEndian.Uint16(data[off:]))
			e.B = uint32(binary.BigEndian.Uint16(data[off+2:]))
			off += 4
		case tagMethodHandle:
			if err := need(3); err != nil {
				return nil, 0, err
			}
			e.A = uint32(data[off])
			e.B = uint32(binary.BigEndian.Uint16(data[off+1:]))
			off += 3
		default:
			return nil, 0, formatErr("unknown constant-pool tag %d at index %d", tag, i)
		}
		p.entries[i] = e
	}
	if err := p.validate(); err != nil {
		return nil, 0, err
	}
	return p, off, nil
}

// validate checks that every cross-reference in the pool points at an entry of the right tag.
func (p *pool) validate() error {
	for i, e := range p.entries {
		var err error
		switch e.Tag {
		case tagClass, tagString, tagMethodType, tagModule, tagPackage:
			_, err = p.tagged(uint16(e.A), tagUtf8)
		case tagNameAndType:
			if _, err = p.tagged(uint16(e.A), tagUtf8); err == nil {
				_, err = p.tagged(uint16(e.B), tagUtf8)
			}
		case tagFieldref, tagMethodref, tagInterfaceMethodref:
			if _, err = p.tagged(uint16(e.A), tagClass); err == nil {
				_, err = p.tagged(uint16(e.B), tagNameAndType)
			}
		case tagDynamic, tagInvokeDynamic:
			_, err = p.tagged(uint16(e.B), tagNameAndType)
		case tagMethodHandle:
			if e.A < 1 || e.A > 9 {
				return formatErr("constant-pool entry %d: bad method-handle kind %d", i, e.A)
			}
			var c poolConst
			if c, err = p.Entry(uint16(e.B)); err == nil {
				switch {
				case e.A <= 4 && c.Tag != tagFieldref,
					e.A > 4 && c.Tag != tagMethodref && c.Tag != tagInterfaceMethodref:
					err = formatErr("constant-pool entry %d: method handle kind %d refers to tag %d", i, e.A, c.Tag)
				}
			}
		}
		if err != nil {
			return fmt.Errorf("constant-pool entry %d: %w", i, err)
		}
	}
	return nil
}

// decodeMUTF8 decodes the JVM's modified UTF-8. Plain ASCII (the common case) is copied as is;
// invalid sequences become U+FFFD rather than failing the class.
func decodeMUTF8(b []byte) string {
	ascii := true
	for _, c := range b {
		if c == 0 || c >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return string(b)
	}
	var sb strings.Builder
	sb.Grow(len(b))
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c < 0x80:
			sb.WriteByte(c)
			i++
		case c&0xE0 == 0xC0 && i+1 < len(b) && b[i+1]&0xC0 == 0x80:
			sb.WriteRune(rune(c&0x1F)<<6 | rune(b[i+1]&0x3F))
			i += 2
		case c&0xF0 == 0xE0 && i+2 < len(b) && b[i+1]&0xC0 == 0x80 && b[i+2]&0xC0 == 0x80:
			r := rune(c&0x0F)<<12 | rune(b[i+1]&0x3F)<<6 | rune(b[i+2]&0x3F)
			i += 3
			// a surrogate pair encodes a supplementary character as two 3-byte sequences
			if r >= 0xD800 && r <= 0xDBFF && i+2 < len(b) && b[i]&0xF0 == 0xE0 {
				lo := rune(b[i]&0x0F)<<12 | rune(b[i+1]&0x3F)<<6 | rune(b[i+2]&0x3F)
				if lo >= 0xDC00 && lo <= 0xDFFF && b[i+1]&0xC0 == 0x80 && b[i+2]&0xC0 == 0x80 {
					r = 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00)
					i += 3
				}
			}
			if !utf8.ValidRune(r) {
				r = utf8.RuneError
			}
			sb.WriteRune(r)
		default:
			// not modified UTF-8; accept standard 4-byte UTF-8 leniently
			r, size := utf8.DecodeRune(b[i:])
			sb.WriteRune(r)
			i += size
		}
	}
	return sb.String()
}
