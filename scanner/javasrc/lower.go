package javasrc

import (
	"context"
	"strconv"
	"strings"

	"github.com/kompat/kompat/rules/ir"
)

// classCtx is the lowering state of one class.
type classCtx struct {
	cls      *ir.Class
	outer    *classCtx
	fields   map[string]*ir.Field
	methods  map[string]methodSig // declared methods by name (last overload wins)
	clinit   *ir.Method
	init     *ir.Method
	anon     int // anonymous classes numbered so far
	localCls int
	tparams  map[string]bool
}

type methodSig struct {
	static bool
	ret    string
}

type local struct {
	typ   ir.Type
	param bool
	index int
}

type namedLocal struct {
	name string
	local
}

// lowerer turns one flattened tree into an ir.File.
type lowerer struct {
	t     *tree
	file  *ir.File
	names *scopeNames
	ctx   context.Context
	at    int32 // the node being lowered
	steps int
	// dottedMemo caches dotted names of field-access chains, so a chain of n links costs O(n).
	dottedMemo map[int32]string

	cls       *classCtx
	meth      *ir.Method
	locals    []namedLocal // visible locals, innermost last
	marks     []int        // scope starts in locals
	mtparams  map[string]bool
	inFinally int
	inLambda  int
	inLoop    int // loop statements around the op in its own method
	// arenas the file's ops and argument lists are cut from: a chunk of ops is one allocation,
	// not one per op (a file's IR is dropped as a whole)
	opArena  []ir.Op
	valArena []ir.Value
}

// newOp returns a pointer to a copy of o in the op arena.
func (l *lowerer) newOp(o ir.Op) *ir.Op {
	if len(l.opArena) == cap(l.opArena) {
		// chunks grow with the file: small files waste little, large ones allocate rarely
		l.opArena = make([]ir.Op, 0, min(max(16, 2*cap(l.opArena)), 256))
	}
	l.opArena = append(l.opArena, o)
	return &l.opArena[len(l.opArena)-1]
}

// takeValues returns an empty slice with room for exactly n values, cut from the value arena
// (appending past n reallocates, so slices never overlap).
func (l *lowerer) takeValues(n int) []ir.Value {
	if cap(l.valArena)-len(l.valArena) < n {
		l.valArena = make([]ir.Value, 0, max(min(max(32, 2*cap(l.valArena)), 512), n))
	}
	at := len(l.valArena)
	l.valArena = l.valArena[:at+n]
	return l.valArena[at : at : at+n]
}

func (l *lowerer) emit(op *ir.Op) ir.Value {
	if l.meth == nil {
		return ir.Value{}
	}
	op.Index = len(l.meth.Ops)
	op.InFinally = l.inFinally > 0
	op.InLambda = l.inLambda > 0
	op.InLoop = l.inLoop > 0
	l.meth.Ops = append(l.meth.Ops, op)
	return ir.Value{Kind: ir.ValResult, Op: op.Index}
}

func (l *lowerer) opAt(v ir.Value) *ir.Op {
	if v.Kind == ir.ValResult && l.meth != nil && v.Op >= 0 && v.Op < len(l.meth.Ops) {
		return l.meth.Ops[v.Op]
	}
	return nil
}

// ---- declarations ----

// collectTypes records the binary name of every type declared in the file (pass 1).
func (l *lowerer) collectTypes(n int32, outer string) {
	l.t.children(n, func(c int32) bool {
		switch l.t.kind(c) {
		case kClassDecl, kInterfaceDecl, kEnumDecl, kRecordDecl, kAnnotationTypeDecl:
			nameN := l.t.child(c, fName)
			if nameN < 0 {
				return true
			}
			name := l.t.text(nameN)
			bin := name
			if outer != "" {
				bin = outer + "$" + name
			} else if l.names.pkg != "" {
				bin = l.names.pkg + "." + name
			}
			if _, dup := l.names.local[name]; !dup {
				l.names.local[name] = bin
			}
			if body := l.t.child(c, fBody); body >= 0 {
				l.collectTypes(body, bin)
				if eb := l.t.childKind(body, kEnumBodyDecls); eb >= 0 {
					l.collectTypes(eb, bin)
				}
			}
		}
		return true
	})
}

func (l *lowerer) typeDecl(n int32, outer *classCtx, binName string, anonymous bool) *classCtx {
	t := l.t
	l.step(n)
	c := &ir.Class{File: l.file, Name: binName, Super: "java.lang.Object", Line: t.line(n), Anonymous: anonymous}
	if nameN := t.child(n, fName); nameN >= 0 {
		c.Line = t.line(nameN)
	}
	if outer != nil {
		c.Outer = outer.cls.Name
	}
	ctx := &classCtx{cls: c, outer: outer, fields: map[string]*ir.Field{}, methods: map[string]methodSig{}, tparams: map[string]bool{}}
	if outer != nil {
		for k := range outer.tparams {
			ctx.tparams[k] = true
		}
	}
	switch t.kind(n) {
	case kInterfaceDecl:
		c.Mods |= ir.Interface | ir.Abstract
	case kAnnotationTypeDecl:
		c.Mods |= ir.Interface | ir.AnnotationType | ir.Abstract
	case kEnumDecl:
		c.Mods |= ir.Enum
		c.Super = "java.lang.Enum"
	case kRecordDecl:
		c.Mods |= ir.Record | ir.Final
		c.Super = "java.lang.Record"
	}
	l.file.Classes = append(l.file.Classes, c)
	saved := l.cls
	l.cls = ctx
	defer func() { l.cls = saved }()

	t.children(n, func(ch int32) bool {
		switch t.kind(ch) {
		case kModifiers:
			m, anns := l.modifiers(ch)
			c.Mods |= m
			c.Annotations = anns
		case kTypeParameters:
			l.typeParams(ch, ctx.tparams)
		case kSuperclass:
			if ty := l.firstType(ch); ty >= 0 {
				c.Super = l.typeOf(ty).Name
			}
		case kSuperInterfaces, kExtendsInterfaces:
			if tl := t.childKind(ch, kTypeList); tl >= 0 {
				for _, ty := range t.namedChildren(tl) {
					c.Interfaces = append(c.Interfaces, l.typeOf(ty).Name)
				}
			}
		}
		return true
	})
	if outer != nil && (outer.cls.Mods.Has(ir.Interface)) {
		c.Mods |= ir.Static | ir.Public
	}
	body := t.child(n, fBody)
	if t.kind(n) == kRecordDecl {
		if ps := t.child(n, fParameters); ps >= 0 {
			for _, p := range t.namedChildren(ps) {
				if t.kind(p) != kFormalParameter {
					continue
				}
				name := t.text(t.child(p, fName))
				f := &ir.Field{Class: c, Name: name, Type: l.typeOf(t.child(p, fType)), Mods: ir.Private | ir.Final, Line: t.line(p), Col: t.col(p)}
				c.Fields = append(c.Fields, f)
				ctx.fields[name] = f
			}
		}
	}
	if body >= 0 {
		members := l.members(body)
		l.declareMembers(ctx, members)
		for _, m := range members {
			l.member(ctx, m)
		}
	}
	return ctx
}

// members returns the member nodes of a class body, including enum constants and the
// declarations after an enum's constant list.
func (l *lowerer) members(body int32) []int32 {
	var out []int32
	for _, ch := range l.t.namedChildren(body) {
		if l.t.kind(ch) == kEnumBodyDecls {
			out = append(out, l.t.namedChildren(ch)...)
			continue
		}
		out = append(out, ch)
	}
	return out
}

// declareMembers creates fields and records method signatures before any body is lowered, so
// uses that precede declarations resolve.
func (l *lowerer) declareMembers(ctx *classCtx, members []int32) {
	t := l.t
	c := ctx.cls
	for _, m := range members {
		switch t.kind(m) {
		case kFieldDecl, kConstantDecl:
			var mods ir.Mods
			var anns []ir.Annotation
			if mn := t.childKind(m, kModifiers); mn >= 0 {
				mods, anns = l.modifiers(mn)
			}
			if c.Mods.Has(ir.Interface) {
				mods |= ir.Public | ir.Static | ir.Final
			}
			base := l.typeOf(t.child(m, fType))
			t.children(m, func(d int32) bool {
				if t.kind(d) != kVariableDeclarator || t.nodes[d].field != fDeclarator {
					return true
				}
				nameN := t.child(d, fName)
				if nameN < 0 {
					return true
				}
				ty := base
				if dn := t.child(d, fDimensions); dn >= 0 {
					ty.Dims += strings.Count(t.text(dn), "[")
				}
				f := &ir.Field{Class: c, Name: t.text(nameN), Type: ty, Mods: mods, Annotations: anns, Line: t.line(nameN), Col: t.col(nameN)}
				if val := t.child(d, fValue); val >= 0 && mods.Has(ir.Final) {
					switch t.kind(val) {
					case kStringLiteral:
						f.Init = &ir.Value{Kind: ir.ValConst, Const: unquote(t.text(val)), Type: "java.lang.String"}
					case kDecimalInteger:
						f.Init = &ir.Value{Kind: ir.ValConst, Const: t.text(val), Type: "int"}
					}
				}
				c.Fields = append(c.Fields, f)
				ctx.fields[f.Name] = f
				return true
			})
		case kEnumConstant:
			nameN := t.child(m, fName)
			if nameN < 0 {
				continue
			}
			f := &ir.Field{Class: c, Name: t.text(nameN), Type: ir.Type{Name: c.Name}, Mods: ir.Public | ir.Static | ir.Final | ir.EnumConstant, Line: t.line(nameN), Col: t.col(nameN)}
			c.Fields = append(c.Fields, f)
			ctx.fields[f.Name] = f
		case kMethodDecl:
			nameN := t.child(m, fName)
			if nameN < 0 {
				continue
			}
			static := false
			if mn := t.childKind(m, kModifiers); mn >= 0 {
				mods, _ := l.modifiers(mn)
				static = mods.Has(ir.Static)
			}
			ctx.methods[t.text(nameN)] = methodSig{static: static, ret: l.typeOf(t.child(m, fType)).Name}
		}
	}
}

func (l *lowerer) member(ctx *classCtx, m int32) {
	t := l.t
	switch t.kind(m) {
	case kFieldDecl, kConstantDecl:
		t.children(m, func(d int32) bool {
			if t.kind(d) != kVariableDeclarator || t.nodes[d].field != fDeclarator {
				return true
			}
			nameN, val := t.child(d, fName), t.child(d, fValue)
			if nameN < 0 || val < 0 {
				return true
			}
			f := ctx.fields[t.text(nameN)]
			if f == nil {
				return true
			}
			l.withInit(ctx, f.Mods.Has(ir.Static), func() {
				v := l.expr(val)
				if op := l.opAt(v); op != nil {
					op.Store = ir.Value{Kind: ir.ValField, Owner: ctx.cls.Name, Name: f.Name, Static: f.Mods.Has(ir.Static), Type: f.Type.Name}
					f.InitOp = op
				}
				put := ir.OpPutField
				if f.Mods.Has(ir.Static) {
					put = ir.OpPutStatic
				}
				l.emit(l.newOp(ir.Op{Kind: put, Owner: ctx.cls.Name, Name: f.Name, Static: f.Mods.Has(ir.Static), Val: v, Line: t.line(nameN), Col: t.col(nameN), Text: f.Name, Argc: -1}))
				vv := v
				f.Init = &vv
			})
			return true
		})
	case kEnumConstant:
		nameN := t.child(m, fName)
		l.withInit(ctx, true, func() {
			var args []ir.Value
			if an := t.child(m, fArguments); an >= 0 {
				args = l.args(an)
			}
			owner := ctx.cls.Name
			if body := t.child(m, fBody); body >= 0 {
				ctx.anon++
				owner = ctx.cls.Name + "$" + strconv.Itoa(ctx.anon)
				l.anonymousClass(body, owner, ctx.cls.Name, nil)
			}
			v := l.emit(l.newOp(ir.Op{Kind: ir.OpNew, Owner: owner, Name: "<init>", Argc: len(args), Args: args, Line: t.line(m), Col: t.col(m), Text: t.text(nameN)}))
			if f := ctx.fields[t.text(nameN)]; f != nil {
				l.opAt(v).Store = ir.Value{Kind: ir.ValField, Owner: ctx.cls.Name, Name: f.Name, Static: true, Type: ctx.cls.Name}
				f.InitOp = l.opAt(v)
				vv := v
				f.Init = &vv
			}
		})
	case kMethodDecl, kConstructorDecl, kCompactConstructorDecl:
		l.method(ctx, m)
	case kStaticInitializer:
		l.withInit(ctx, true, func() {
			if b := t.childKind(m, kBlock); b >= 0 {
				l.stmt(b)
			}
		})
	case kBlock: // instance initializer
		l.withInit(ctx, false, func() { l.stmt(m) })
	case kClassDecl, kInterfaceDecl, kEnumDecl, kRecordDecl, kAnnotationTypeDecl:
		nameN := t.child(m, fName)
		if nameN >= 0 {
			l.typeDecl(m, ctx, ctx.cls.Name+"$"+t.text(nameN), false)
		}
	}
}

// withInit runs f with the class's <clinit> (static) or instance-initializer <init> as the
// current method, creating it on first use.
func (l *lowerer) withInit(ctx *classCtx, static bool, f func()) {
	target := &ctx.init
	name, mods := "<init>", ir.Synthetic
	if static {
		target, name, mods = &ctx.clinit, "<clinit>", ir.Static
	}
	if *target == nil {
		*target = &ir.Method{Class: ctx.cls, Name: name, Mods: mods, Return: ir.Type{Name: "void"}, Line: ctx.cls.Line}
		ctx.cls.Methods = append(ctx.cls.Methods, *target)
	}
	savedM, nl, nm := l.meth, len(l.locals), len(l.marks)
	l.meth = *target
	l.push()
	f()
	l.meth, l.locals, l.marks = savedM, l.locals[:nl], l.marks[:nm]
}

func (l *lowerer) method(ctx *classCtx, n int32) {
	t := l.t
	m := &ir.Method{Class: ctx.cls, Line: t.line(n), Col: t.col(n), EndLine: t.endLine(n)}
	nameN := t.child(n, fName)
	switch t.kind(n) {
	case kMethodDecl:
		if nameN >= 0 {
			m.Name = t.text(nameN)
		}
	default:
		m.Name = "<init>"
	}
	if nameN >= 0 {
		m.Line, m.Col = t.line(nameN), t.col(nameN)
	}
	savedTP := l.mtparams
	l.mtparams = map[string]bool{}
	defer func() { l.mtparams = savedTP }()
	t.children(n, func(ch int32) bool {
		switch t.kind(ch) {
		case kModifiers:
			m.Mods, m.Annotations = l.modifiers(ch)
		case kTypeParameters:
			l.typeParams(ch, l.mtparams)
		case kThrows:
			for _, ty := range t.namedChildren(ch) {
				m.Throws = append(m.Throws, l.typeOf(ty).Name)
			}
		}
		return true
	})
	if ctx.cls.Mods.Has(ir.Interface) && !m.Mods.Has(ir.Private) {
		m.Mods |= ir.Public
		if t.child(n, fBody) < 0 {
			m.Mods |= ir.Abstract
		}
	}
	if ty := t.child(n, fType); ty >= 0 {
		m.Return = l.typeOf(ty)
	} else {
		m.Return = ir.Type{Name: "void"}
	}
	ctx.cls.Methods = append(ctx.cls.Methods, m)
	savedM, nl, nm := l.meth, len(l.locals), len(l.marks)
	l.meth = m
	l.push()
	defer func() { l.meth, l.locals, l.marks = savedM, l.locals[:nl], l.marks[:nm] }()
	if ps := t.child(n, fParameters); ps >= 0 {
		for _, p := range t.namedChildren(ps) {
			switch t.kind(p) {
			case kFormalParameter, kSpreadParameter:
				var pname string
				var anns []ir.Annotation
				if mn := t.childKind(p, kModifiers); mn >= 0 {
					_, anns = l.modifiers(mn)
				}
				ty := l.typeOf(t.firstTypeChild(p))
				if nn := t.child(p, fName); nn >= 0 {
					pname = t.text(nn)
				} else if vd := t.childKind(p, kVariableDeclarator); vd >= 0 {
					pname = t.text(t.child(vd, fName))
				}
				if t.kind(p) == kSpreadParameter {
					ty.Dims++
				}
				m.Params = append(m.Params, ir.Param{Name: pname, Type: ty, Annotations: anns})
				l.declareParam(pname, ty, len(m.Params)-1)
			}
		}
	}
	if body := t.child(n, fBody); body >= 0 {
		l.stmt(body)
	}
}

// firstTypeChild returns the type child of a parameter-like node (field "type").
func (t *tree) firstTypeChild(n int32) int32 { return t.child(n, fType) }

func (l *lowerer) firstType(n int32) int32 {
	for _, c := range l.t.namedChildren(n) {
		return c
	}
	return -1
}

func (l *lowerer) typeParams(n int32, into map[string]bool) {
	for _, tp := range l.t.namedChildren(n) {
		l.t.children(tp, func(c int32) bool {
			if l.t.kind(c) == kTypeIdentifier || l.t.kind(c) == kIdentifier {
				into[l.t.text(c)] = true
				return false
			}
			return true
		})
	}
}

// modifierBits maps modifier keywords to IR bits (default, strictfp, sealed... have none).
var modifierBits = map[string]ir.Mods{
	"public": ir.Public, "private": ir.Private, "protected": ir.Protected, "static": ir.Static,
	"final": ir.Final, "abstract": ir.Abstract, "synchronized": ir.Synchronized,
	"volatile": ir.Volatile, "transient": ir.Transient, "native": ir.Native,
}

// modifiers reads modifier keywords and annotations.
func (l *lowerer) modifiers(n int32) (ir.Mods, []ir.Annotation) {
	var mods ir.Mods
	var anns []ir.Annotation
	l.t.children(n, func(c int32) bool {
		switch l.t.kind(c) {
		case kMarkerAnnotation, kAnnotation:
			anns = append(anns, l.annotation(c))
			return true
		}
		mods |= modifierBits[modifierSyms[l.t.nodes[c].symbol]]
		return true
	})
	return mods, anns
}

func (l *lowerer) annotation(n int32) ir.Annotation {
	t := l.t
	nameN := t.child(n, fName)
	a := ir.Annotation{}
	if nameN >= 0 {
		a.Type, _ = l.names.resolve(t.text(nameN))
	}
	if args := t.child(n, fArguments); args >= 0 {
		a.Values = map[string][]string{}
		for _, ch := range t.namedChildren(args) {
			if t.kind(ch) == kElementValuePair {
				key := t.text(t.child(ch, fKey))
				a.Values[key] = append(a.Values[key], l.constStrings(t.child(ch, fValue))...)
			} else {
				a.Values["value"] = append(a.Values["value"], l.constStrings(ch)...)
			}
		}
	}
	return a
}

// constStrings returns the string constants of an element value (a literal or an array of them).
func (l *lowerer) constStrings(n int32) []string {
	if n < 0 {
		return nil
	}
	switch l.t.kind(n) {
	case kStringLiteral:
		return []string{unquote(l.t.text(n))}
	case kElementValueArrayInit:
		var out []string
		for _, c := range l.t.namedChildren(n) {
			out = append(out, l.constStrings(c)...)
		}
		return out
	case kFieldAccess, kIdentifier, kClassLiteral:
		return []string{l.t.text(n)}
	}
	return nil
}

func unquote(s string) string {
	if u, err := strconv.Unquote(s); err == nil {
		return u
	}
	return strings.Trim(s, `"`)
}

// typeOf converts a type node to an ir.Type.
func (l *lowerer) typeOf(n int32) ir.Type {
	if n < 0 {
		return ir.Type{}
	}
	t := l.t
	switch t.kind(n) {
	case kTypeIdentifier, kIdentifier:
		name := t.text(n)
		if name == "var" {
			return ir.Type{}
		}
		if l.cls != nil && l.cls.tparams[name] || l.mtparams[name] {
			return ir.Type{Name: name}
		}
		fq, _ := l.names.resolve(name)
		return ir.Type{Name: fq}
	case kScopedTypeIdentifier, kScopedIdentifier:
		fq, _ := l.names.resolve(l.dotted(n))
		return ir.Type{Name: fq}
	case kGenericType:
		var ty ir.Type
		t.children(n, func(c int32) bool {
			switch t.kind(c) {
			case kTypeIdentifier, kScopedTypeIdentifier, kIdentifier:
				ty = l.typeOf(c)
			case kTypeArguments:
				for _, a := range t.namedChildren(c) {
					ty.Args = append(ty.Args, l.typeOf(a))
				}
			}
			return true
		})
		return ty
	case kWildcard:
		w := ir.Type{Wildcard: true}
		for _, c := range t.namedChildren(n) {
			if t.kind(c) != kMarkerAnnotation && t.kind(c) != kAnnotation {
				inner := l.typeOf(c)
				w.Name, w.Args = inner.Name, inner.Args
			}
		}
		return w
	case kArrayType:
		ty := l.typeOf(t.child(n, fElement))
		if d := t.child(n, fDimensions); d >= 0 {
			ty.Dims += strings.Count(t.text(d), "[")
		}
		return ty
	case kIntegralType, kFloatingPointType, kBooleanType, kVoidType:
		return ir.Type{Name: t.text(n)}
	}
	// annotated_type and friends: the last named child that is a type
	var out ir.Type
	for _, c := range t.namedChildren(n) {
		if k := t.kind(c); k != kMarkerAnnotation && k != kAnnotation {
			out = l.typeOf(c)
		}
	}
	return out
}

// dotted flattens identifiers of a scoped name or field-access chain into "a.b.C"; it returns ""
// when the chain contains anything but identifiers. A chain written without spaces or comments
// is its own source text (no copy); results are memoized, so resolving every prefix of a chain
// of n links costs O(n) rather than O(n^2) string building.
func (l *lowerer) dotted(n int32) string {
	t := l.t
	switch t.kind(n) {
	case kIdentifier, kTypeIdentifier:
		return t.text(n)
	case kScopedTypeIdentifier, kScopedIdentifier, kFieldAccess:
	default:
		return ""
	}
	if s, ok := l.dottedMemo[n]; ok {
		return s
	}
	var parts []string
	ok, clean, size := true, true, 0
	t.children(n, func(c int32) bool {
		if !t.named(c) {
			return true
		}
		switch t.kind(c) {
		case kMarkerAnnotation, kAnnotation, kLineComment, kBlockComment:
			return true
		}
		s := l.dotted(c)
		if s == "" {
			ok = false
			return false
		}
		// A part equal in length to its node's text is that text (spaces and comments only
		// ever make a dotted name shorter than its text).
		clean = clean && len(s) == len(t.text(c))
		size += len(s)
		parts = append(parts, s)
		return true
	})
	out := ""
	switch txt := t.text(n); {
	case !ok:
	case clean && len(txt) == size+len(parts)-1:
		// parts written back to back with one "." between them: the text itself, no copy
		out = txt
	default:
		out = strings.Join(parts, ".")
	}
	if l.dottedMemo == nil {
		l.dottedMemo = map[int32]string{}
	}
	l.dottedMemo[n] = out
	return out
}
