package classfile

import (
	"strings"

	"github.com/kompat/kompat/rules/ir"
)

var primitives = [...]string{
	'B': "byte", 'C': "char", 'D': "double", 'F': "float", 'I': "int",
	'J': "long", 'S': "short", 'Z': "boolean", 'V': "void",
}

func primitive(c byte) string {
	if int(c) < len(primitives) {
		return primitives[c]
	}
	return ""
}

// dotName turns an internal name (java/lang/String) into a binary name with dots.
func dotName(internal string) string {
	if strings.IndexByte(internal, '/') < 0 {
		return internal
	}
	return strings.ReplaceAll(internal, "/", ".")
}

// fieldType parses one field descriptor at the start of s and returns the type and the rest.
// ok is false when s does not start with a valid descriptor.
func fieldType(s string) (t ir.Type, rest string, ok bool) {
	dims := 0
	for len(s) > 0 && s[0] == '[' {
		dims++
		s = s[1:]
	}
	if len(s) == 0 {
		return ir.Type{}, "", false
	}
	if s[0] == 'L' {
		end := strings.IndexByte(s, ';')
		if end < 2 {
			return ir.Type{}, "", false
		}
		return ir.Type{Name: dotName(s[1:end]), Dims: dims}, s[end+1:], true
	}
	p := primitive(s[0])
	if p == "" || (p == "void" && dims > 0) {
		return ir.Type{}, "", false
	}
	return ir.Type{Name: p, Dims: dims}, s[1:], true
}

// classRefType turns the name in a Class constant (an internal name or, for arrays, a
// descriptor) into a type.
func classRefType(name string) ir.Type {
	if strings.HasPrefix(name, "[") {
		if t, rest, ok := fieldType(name); ok && rest == "" {
			return t
		}
	}
	return ir.Type{Name: dotName(name)}
}

// methodType parses a method descriptor into parameter types and a return type.
func methodType(desc string) (params []ir.Type, ret ir.Type, ok bool) {
	if len(desc) < 3 || desc[0] != '(' {
		return nil, ir.Type{}, false
	}
	s := desc[1:]
	for len(s) > 0 && s[0] != ')' {
		var t ir.Type
		t, s, ok = fieldType(s)
		if !ok || t.Name == "void" {
			return nil, ir.Type{}, false
		}
		params = append(params, t)
	}
	if len(s) == 0 {
		return nil, ir.Type{}, false
	}
	ret, rest, ok := fieldType(s[1:])
	if !ok || rest != "" {
		return nil, ir.Type{}, false
	}
	return params, ret, true
}

// argShape counts the arguments of a method descriptor and the stack slots they take, and says
// how many slots the return value takes (0 for void). It does not allocate.
func argShape(desc string) (argc, argSlots, retSlots int, ok bool) {
	if len(desc) < 3 || desc[0] != '(' {
		return 0, 0, 0, false
	}
	i := 1
	for i < len(desc) && desc[i] != ')' {
		c := desc[i]
		for c == '[' {
			i++
			if i >= len(desc) {
				return 0, 0, 0, false
			}
			c = desc[i]
		}
		wide := c == 'J' || c == 'D'
		if desc[i-1] == '[' {
			wide = false
		}
		switch {
		case c == 'L':
			end := strings.IndexByte(desc[i:], ';')
			if end < 0 {
				return 0, 0, 0, false
			}
			i += end + 1
		case primitive(c) != "" && c != 'V':
			i++
		default:
			return 0, 0, 0, false
		}
		argc++
		argSlots++
		if wide {
			argSlots++
		}
	}
	if i+1 >= len(desc) {
		return 0, 0, 0, false
	}
	switch desc[i+1] {
	case 'V':
		retSlots = 0
	case 'J', 'D':
		retSlots = 2
	default:
		retSlots = 1
	}
	return argc, argSlots, retSlots, true
}

// typeName renders a field descriptor as a dotted Java type name (arrays with []).
func typeName(d string) string {
	if len(d) > 2 && d[0] == 'L' && d[len(d)-1] == ';' && strings.IndexByte(d, '[') < 0 {
		return dotName(d[1 : len(d)-1])
	}
	t, _, ok := fieldType(d)
	if !ok {
		return ""
	}
	return t.String()
}

// sigParser parses generic signatures (JVMS §4.7.9.1) into ir types. Type variables become a
// type named after the variable; "? super X" becomes an unbounded wildcard (ir has no lower
// bounds).
type sigParser struct {
	s   string
	i   int
	bad bool
}

func (p *sigParser) peek() byte {
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	p.bad = true
	return 0
}

func (p *sigParser) refType() ir.Type {
	if p.bad {
		return ir.Type{}
	}
	switch p.peek() {
	case 'L':
		return p.classType()
	case 'T':
		end := strings.IndexByte(p.s[p.i:], ';')
		if end < 2 {
			p.bad = true
			return ir.Type{}
		}
		t := ir.Type{Name: p.s[p.i+1 : p.i+end]}
		p.i += end + 1
		return t
	case '[':
		p.i++
		t := p.javaType()
		t.Dims++
		return t
	}
	p.bad = true
	return ir.Type{}
}

func (p *sigParser) javaType() ir.Type {
	if c := p.peek(); primitive(c) != "" {
		p.i++
		return ir.Type{Name: primitive(c)}
	}
	return p.refType()
}

func (p *sigParser) classType() ir.Type {
	p.i++ // L
	var name strings.Builder
	var args []ir.Type
	for !p.bad {
		c := p.peek()
		switch c {
		case ';':
			p.i++
			return ir.Type{Name: name.String(), Args: args}
		case '<':
			p.i++
			args = args[:0:0]
			for !p.bad && p.peek() != '>' {
				switch p.peek() {
				case '*':
					p.i++
					args = append(args, ir.Type{Wildcard: true})
				case '+':
					p.i++
					t := p.refType()
					t.Wildcard = true
					args = append(args, t)
				case '-':
					p.i++
					p.refType()
					args = append(args, ir.Type{Wildcard: true})
				default:
					args = append(args, p.refType())
				}
			}
			p.i++
		case '.':
			p.i++
			name.WriteByte('$')
			args = nil // arguments of the outer class are dropped; the inner's follow
		case '/':
			p.i++
			name.WriteByte('.')
		default:
			p.i++
			name.WriteByte(c)
		}
	}
	return ir.Type{}
}

// skipTypeParams skips a leading <T:Ljava/lang/Object;...> section.
func (p *sigParser) skipTypeParams() {
	if p.i >= len(p.s) || p.s[p.i] != '<' {
		return
	}
	p.i++
	for !p.bad && p.peek() != '>' {
		colon := strings.IndexByte(p.s[p.i:], ':')
		if colon < 0 {
			p.bad = true
			return
		}
		p.i += colon
		for !p.bad && p.peek() == ':' {
			p.i++
			if p.peek() == ':' {
				continue
			}
			p.refType()
		}
	}
	p.i++
}

// fieldSignature parses a field's Signature attribute.
func fieldSignature(sig string) (ir.Type, bool) {
	p := &sigParser{s: sig}
	t := p.refType()
	return t, !p.bad && p.i == len(sig)
}

// methodSignature parses a method's Signature attribute into parameter and return types.
func methodSignature(sig string) (params []ir.Type, ret ir.Type, ok bool) {
	p := &sigParser{s: sig}
	p.skipTypeParams()
	if p.peek() != '(' {
		return nil, ir.Type{}, false
	}
	p.i++
	for !p.bad && p.peek() != ')' {
		params = append(params, p.javaType())
	}
	p.i++
	if p.peek() == 'V' {
		p.i++
		ret = ir.Type{Name: "void"}
	} else {
		ret = p.javaType()
	}
	for !p.bad && p.i < len(p.s) && p.s[p.i] == '^' {
		p.i++
		p.refType()
	}
	return params, ret, !p.bad && p.i == len(sig)
}

// classSignature parses a class's Signature attribute into its superclass and interfaces.
func classSignature(sig string) (super ir.Type, ifaces []ir.Type, ok bool) {
	p := &sigParser{s: sig}
	p.skipTypeParams()
	super = p.classTypeAt()
	for !p.bad && p.i < len(p.s) {
		ifaces = append(ifaces, p.classTypeAt())
	}
	return super, ifaces, !p.bad
}

func (p *sigParser) classTypeAt() ir.Type {
	if p.peek() != 'L' {
		p.bad = true
		return ir.Type{}
	}
	return p.classType()
}

// withSignature keeps the erased type t but takes generic arguments from the signature type s
// when both name the same erased type.
func withSignature(t, s ir.Type) ir.Type {
	if s.Name == t.Name && s.Dims == t.Dims && !s.Wildcard {
		return s
	}
	return t
}
