package ir

import (
	"bytes"
	"strings"
)

// Frontend says which reader produced a file.
type Frontend uint8

// Frontends.
const (
	Source   Frontend = iota + 1 // a .java file parsed with tree-sitter
	Bytecode                     // a .class file (loose, in a jar, or nested jars)
)

func (f Frontend) String() string {
	switch f {
	case Source:
		return "source"
	case Bytecode:
		return "bytecode"
	}
	return "unknown"
}

// Mods are Java modifiers and class-file access flags, as bits.
type Mods uint32

// Modifier bits.
const (
	Public Mods = 1 << iota
	Private
	Protected
	Static
	Final
	Abstract
	Synchronized
	Volatile
	Transient
	Native
	Interface
	Enum
	AnnotationType
	Synthetic
	Record
	EnumConstant // a field that is an enum constant
)

// Has reports whether all bits of m2 are set.
func (m Mods) Has(m2 Mods) bool { return m&m2 == m2 }

// Type is a Java type: an erased fully-qualified name ("java.util.Map", "int") with array
// dimensions and, where known, generic arguments. An unresolved simple name keeps its simple
// spelling; an unknown type has an empty Name.
type Type struct {
	Name     string `json:"name"`
	Dims     int    `json:"dims,omitempty"`
	Args     []Type `json:"args,omitempty"`
	Wildcard bool   `json:"wildcard,omitempty"` // "?" (Name empty) or "? extends Name"
}

// String renders the type in Java syntax with qualified names.
func (t Type) String() string {
	var b strings.Builder
	t.write(&b)
	return b.String()
}

func (t Type) write(b *strings.Builder) {
	if t.Wildcard {
		b.WriteString("?")
		if t.Name != "" {
			b.WriteString(" extends ")
		}
	}
	b.WriteString(t.Name)
	if len(t.Args) > 0 {
		b.WriteString("<")
		for i, a := range t.Args {
			if i > 0 {
				b.WriteString(", ")
			}
			a.write(b)
		}
		b.WriteString(">")
	}
	for i := 0; i < t.Dims; i++ {
		b.WriteString("[]")
	}
}

// Is reports whether the erased type is exactly fqn (and not an array).
func (t Type) Is(fqn string) bool { return t.Dims == 0 && t.Name == fqn }

// Primitive reports whether the type is a Java primitive (not an array of one).
func (t Type) Primitive() bool {
	if t.Dims > 0 {
		return false
	}
	switch t.Name {
	case "boolean", "byte", "char", "short", "int", "long", "float", "double", "void":
		return true
	}
	return false
}

// Simple returns the simple name of the erased type ("Map" for java.util.Map, "Inner" for a$Inner).
func (t Type) Simple() string { return SimpleName(t.Name) }

// SimpleName returns the last segment of a dotted or $-nested name.
func SimpleName(fqn string) string {
	if i := strings.LastIndexAny(fqn, ".$"); i >= 0 {
		return fqn[i+1:]
	}
	return fqn
}

// Annotation is an annotation on a class, member or parameter. Values holds element values that
// are string constants or arrays of them (enough for @SuppressWarnings).
type Annotation struct {
	Type   string              `json:"type"` // FQN when resolved, else the simple name as written
	Values map[string][]string `json:"values,omitempty"`
}

// File is one compilation unit: a .java file or a .class file.
type File struct {
	Path     string // display path; for classes in jars, the whole chain
	Frontend Frontend
	Package  string
	Artifact string   // Maven g:a:v of the containing jar, if any
	Classes  []*Class // every class in the unit, nested and anonymous ones included
	// Source is the file's text (source frontend only); rules use it for snippets.
	Source []byte
	// Lines maps a line number to its start offset in Source (source frontend only).
	lineStarts []int
}

// Class is a class, interface, enum, record or annotation type.
type Class struct {
	File        *File
	Name        string // binary name with dots: com.acme.Outer$Inner, com.acme.Outer$1
	Super       string // FQN of the superclass ("java.lang.Object" when none is written)
	Interfaces  []string
	Mods        Mods
	Annotations []Annotation
	Outer       string // enclosing class name, "" for top level
	Anonymous   bool
	// Enclosing is, for a local or anonymous class, the method whose code creates it: a method
	// name, "<clinit>" or "<init>" (source), or "<initializer>" when the class file says only that
	// an initializer does (EnclosingMethod without a method); "" unknown or not local.
	Enclosing string
	Line      int
	Fields    []*Field
	Methods   []*Method
}

// Field is a field declaration.
type Field struct {
	Class       *Class
	Name        string
	Type        Type
	Mods        Mods
	Annotations []Annotation
	Line, Col   int
	// Init describes the initializer expression, when the declaration has one (source) or the
	// value put in <clinit>/<init> (bytecode): e.g. Kind ValResult pointing at a New op.
	Init *Value
	// InitOp is the op that produced Init when Init is a call or new (nil otherwise).
	InitOp *Op
}

// Param is a method parameter.
type Param struct {
	Name        string
	Type        Type
	Annotations []Annotation
}

// Method is a method, constructor ("<init>") or static initializer ("<clinit>"). Static field
// initializers and static blocks are ops of "<clinit>" in both frontends. Instance field
// initializers and instance blocks: javac copies them into every constructor (bytecode); the
// source frontend keeps them once, in a synthetic "<init>" method with no parameters, so a rule
// sees each initializer once per constructor in bytecode and once in source (the scanner
// deduplicates findings on the same line).
type Method struct {
	Class       *Class
	Name        string
	Params      []Param
	Return      Type
	Mods        Mods
	Annotations []Annotation
	Throws      []string
	Line, Col   int
	EndLine     int
	Ops         []*Op
	// Returns holds the values of the method's `return x;` statements (areturn in bytecode), in
	// code order; lambda bodies' returns belong to the lambda, not the enclosing method.
	Returns []Value
	// ClassLits names the classes the method's class literals denote (`X.class`, ldc of a
	// class), each once, wherever the literal is used (an array element too).
	ClassLits []string
	// Copies holds the assignments of a variable or a literal (a constant, a class literal,
	// null) to a local (`b = a;`, `c = null;`, aload/astore, aconst_null/astore), in code order;
	// an op's own result stored in a local is Op.Store instead.
	Copies []Copy
}

// Copy is `To = From;` for a local To: it happens after the method's first At ops ran.
type Copy struct {
	To   string
	From Value
	At   int
}

// NoteClassLit records that the method names class (by a class literal).
func (m *Method) NoteClassLit(class string) {
	for _, c := range m.ClassLits {
		if c == class {
			return
		}
	}
	m.ClassLits = append(m.ClassLits, class)
}

// Literal reports a copy of a literal (a constant, a class literal or null) rather than of
// another variable.
func (c Copy) Literal() bool { return c.From.Literal() }

// Literal reports a constant, a class literal or null: a value written in the code itself.
func (v Value) Literal() bool {
	return v.Kind == ValConst || v.Kind == ValClassLit || v.Kind == ValNull
}

// Desc renders the method as Owner#name(params) for symbols and messages.
func (m *Method) Desc() string { return m.Class.Name + "#" + m.Name }

// OpKind is the kind of an operation in a method body.
type OpKind uint8

// Operation kinds.
const (
	OpCall      OpKind = iota + 1 // a method call (static, virtual, interface, super)
	OpNew                         // object creation: Owner is the created type, Name "<init>"
	OpGetStatic                   // read of a static field
	OpPutStatic                   // write of a static field
	OpGetField                    // read of an instance field
	OpPutField                    // write of an instance field
	OpMonitor                     // synchronized (Recv) { ... }
	OpLambda                      // a lambda or method reference; Name is the synthetic target when known
)

func (k OpKind) String() string {
	return [...]string{"?", "call", "new", "getstatic", "putstatic", "getfield", "putfield", "monitor", "lambda"}[k]
}

// ValueKind says what a value is.
type ValueKind uint8

// Value kinds.
const (
	ValUnknown  ValueKind = iota
	ValNull               // the null literal / aconst_null
	ValConst              // a string or number constant; Const holds it
	ValClassLit           // Foo.class / ldc class; Type holds the class
	ValLocal              // a local variable; Name holds it (bytecode without debug info: "local#N")
	ValParam              // a method parameter; Name holds it, Index its position
	ValThis               // this
	ValField              // a field; Owner and Name say which, Static whether static
	ValResult             // the result of another op in the same method; Op holds its index
)

// Value describes an operand: a receiver, an argument, a stored value.
type Value struct {
	Kind   ValueKind
	Name   string
	Owner  string
	Const  string
	Static bool
	Index  int
	Op     int    // for ValResult: index in Method.Ops
	Type   string // static type FQN when known
}

// Op is one operation in a method body, in code order.
type Op struct {
	Kind   OpKind
	Owner  string // declaring (or receiver static) type FQN; "" when unresolved
	Name   string // method or field name; "<init>" for OpNew
	Argc   int    // number of arguments; -1 when unknown
	Desc   string // JVM descriptor when known (bytecode); "" in source
	Static bool   // a static call or static field
	Recv   Value  // the receiver of an instance call, or the object locked by OpMonitor
	Args   []Value
	Val    Value // the value stored by a put
	// Store says where the op's result went, when it was assigned to a local or field directly.
	Store Value
	Line  int
	Col   int
	// InFinally is set for ops inside a finally block (source) or a catch-any handler (bytecode).
	InFinally bool
	// InTryResource is set for a resource created in a try-with-resources header (closed by the JVM).
	InTryResource bool
	// InLambda is set for ops inside a lambda body or anonymous class initializer in source.
	InLambda bool
	// InLoop is set for ops inside a loop of their own method (source: a while, do or for
	// statement's condition and body; bytecode: between a backward branch and its target). A
	// lambda body or anonymous class in a loop is not in it: it runs in a method of its own.
	InLoop bool
	Index  int    // position in Method.Ops
	Text   string // the expression's source text (source) or Owner.Name (bytecode), for snippets
}

// ReadsStaticBefore reports whether the method reads the static field owner.name before op index
// before (the `if (X == null)` of a lazy initialization, the `n` of `n++`).
func (m *Method) ReadsStaticBefore(owner, name string, before int) bool {
	for _, op := range m.Ops {
		if op.Index >= before {
			break
		}
		if op.Kind == OpGetStatic && op.Owner == owner && op.Name == name {
			return true
		}
	}
	return false
}

// Assigns reports whether the method assigns to the parameter or local name (`if (cl == null)
// cl = ..`), by an op's result or a copy from another variable.
func (m *Method) Assigns(name string) bool {
	for _, op := range m.Ops {
		if (op.Store.Kind == ValParam || op.Store.Kind == ValLocal) && op.Store.Name == name {
			return true
		}
	}
	for _, c := range m.Copies {
		if c.To == name {
			return true
		}
	}
	return false
}

// Is reports whether the op is a call or new on owner with the given name.
func (o *Op) Is(owner, name string) bool { return o.Owner == owner && o.Name == name }

// Origin follows a value to where it came from within the method: a local variable resolves to
// the last op whose result was stored in it before index `before`, or, when it was last assigned
// from another variable (`b = a;`), to that variable's origin at the copy, step by step; a
// ValResult resolves to itself. It returns the op that produced the value (nil when it is not the
// result of an op, for example a parameter) and the value the chain ended at.
func (m *Method) Origin(v Value, before int) (*Op, Value) {
	for depth := 0; depth < 8; depth++ {
		switch v.Kind {
		case ValResult:
			if v.Op >= 0 && v.Op < len(m.Ops) {
				return m.Ops[v.Op], v
			}
			return nil, v
		case ValLocal:
			var last *Op
			pos := -1 // the store of op i takes effect at position i+1, after the op ran
			for _, op := range m.Ops {
				if op.Index >= before {
					break
				}
				if op.Store.Kind == ValLocal && op.Store.Name == v.Name {
					last, pos = op, op.Index+1
				}
			}
			var copied *Copy
			for i := range m.Copies {
				c := &m.Copies[i]
				// literal copies are not followed: a literal assigned on one branch would hide
				// the op another branch stored (the chain follows ops and variables only)
				if c.At <= before && c.To == v.Name && c.At >= pos && !c.Literal() {
					copied, pos = c, c.At
				}
			}
			if copied != nil {
				v, before = copied.From, copied.At
				continue
			}
			if last == nil {
				return nil, v
			}
			return last, Value{Kind: ValResult, Op: last.Index, Type: v.Type}
		default:
			return nil, v
		}
	}
	return nil, v
}

// Line helpers for source files.

// SetSource records the file text and indexes its line starts.
func (f *File) SetSource(src []byte) {
	f.Source = src
	f.lineStarts = make([]int, 1, bytes.Count(src, []byte{'\n'})+1)
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		f.lineStarts = append(f.lineStarts, i)
	}
}

// LineStarts returns the byte offset at which each line starts (line 1 at index 0).
func (f *File) LineStarts() []int { return f.lineStarts }

// LineText returns the text of a 1-based line without its line break ("" when unknown).
func (f *File) LineText(line int) string {
	if line < 1 || line > len(f.lineStarts) {
		return ""
	}
	start := f.lineStarts[line-1]
	end := len(f.Source)
	if line < len(f.lineStarts) {
		end = f.lineStarts[line]
	}
	return strings.TrimRight(string(f.Source[start:end]), "\r\n")
}

// FindClass returns the class with a binary name in this file, or nil.
func (f *File) FindClass(name string) *Class {
	for _, c := range f.Classes {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Field returns the named field of the class, or nil.
func (c *Class) Field(name string) *Field {
	for _, f := range c.Fields {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// HasAnnotation reports whether an annotation with this FQN or simple name is present.
func HasAnnotation(anns []Annotation, name string) bool {
	simple := SimpleName(name)
	for _, a := range anns {
		if a.Type == name || SimpleName(a.Type) == simple {
			return true
		}
	}
	return false
}
