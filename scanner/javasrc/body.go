package javasrc

import (
	"strconv"
	"strings"

	"github.com/kompat/kompat/rules/ir"
)

// Locals live on one stack; a scope is a mark into it. Scopes hold a handful of names, so a
// backwards scan beats a map per block.
func (l *lowerer) push() { l.marks = append(l.marks, len(l.locals)) }

func (l *lowerer) pop() {
	l.locals = l.locals[:l.marks[len(l.marks)-1]]
	l.marks = l.marks[:len(l.marks)-1]
}

func (l *lowerer) declare(name string, ty ir.Type) {
	l.locals = append(l.locals, namedLocal{name: name, local: local{typ: ty}})
}

func (l *lowerer) declareParam(name string, ty ir.Type, index int) {
	l.locals = append(l.locals, namedLocal{name: name, local: local{typ: ty, param: true, index: index}})
}

func (l *lowerer) lookupLocal(name string) (local, bool) {
	for i := len(l.locals) - 1; i >= 0; i-- {
		if l.locals[i].name == name {
			return l.locals[i].local, true
		}
	}
	return local{}, false
}

// lookupField finds a field by simple name in the current class or an enclosing one.
func (l *lowerer) lookupField(name string) (*ir.Field, *classCtx) {
	for c := l.cls; c != nil; c = c.outer {
		if f, ok := c.fields[name]; ok {
			return f, c
		}
	}
	return nil, nil
}

// lookupMethod finds the class declaring a method by simple name, innermost first.
func (l *lowerer) lookupMethod(name string) (*classCtx, methodSig) {
	for c := l.cls; c != nil; c = c.outer {
		if s, ok := c.methods[name]; ok {
			return c, s
		}
	}
	return nil, methodSig{}
}

// stmt lowers a statement (or any node whose value is not needed).
func (l *lowerer) stmt(n int32) {
	if n < 0 {
		return
	}
	l.step(n)
	t := l.t
	switch t.kind(n) {
	case kBlock, kConstructorBody:
		l.push()
		for _, c := range t.namedChildren(n) {
			l.stmt(c)
		}
		l.pop()
	case kLocalVarDecl:
		base := l.typeOf(t.child(n, fType))
		t.children(n, func(d int32) bool {
			if t.kind(d) != kVariableDeclarator {
				return true
			}
			name := t.text(t.child(d, fName))
			ty := base
			if val := t.child(d, fValue); val >= 0 {
				v := l.expr(val)
				if ty.Name == "" && v.Type != "" {
					ty = ir.Type{Name: v.Type}
				}
				if op := l.producer(v); op != nil {
					op.Store = ir.Value{Kind: ir.ValLocal, Name: name, Type: ty.Name}
				} else {
					l.copyTo(name, v)
				}
			}
			l.declare(name, ty)
			return true
		})
	case kTryStmt:
		l.tryParts(n)
	case kTryWithResources:
		l.push()
		if rs := t.child(n, fResources); rs >= 0 {
			for _, r := range t.namedChildren(rs) {
				if t.kind(r) != kResource {
					continue
				}
				if val := t.child(r, fValue); val >= 0 {
					v := l.expr(val)
					name := ""
					if nn := t.child(r, fName); nn >= 0 {
						name = t.text(nn)
					}
					ty := l.typeOf(t.child(r, fType))
					if ty.Name == "" {
						ty.Name = v.Type
					}
					if op := l.opAt(v); op != nil {
						op.InTryResource = true
						op.Store = ir.Value{Kind: ir.ValLocal, Name: name, Type: ty.Name}
					}
					l.declare(name, ty)
				} else {
					l.expr(r)
				}
			}
		}
		l.tryParts(n)
		l.pop()
	case kSynchronizedStmt:
		var lock int32 = -1
		for _, c := range t.namedChildren(n) {
			if t.kind(c) == kParenExpr {
				lock = c
				break
			}
		}
		if lock >= 0 {
			v := l.expr(lock)
			l.emit(l.newOp(ir.Op{Kind: ir.OpMonitor, Recv: v, Line: t.line(n), Col: t.col(n), Argc: -1, Text: t.text(lock)}))
		}
		l.stmt(t.child(n, fBody))
	case kEnhancedFor:
		l.push()
		l.expr(t.child(n, fValue))
		if nn := t.child(n, fName); nn >= 0 {
			l.declare(t.text(nn), l.typeOf(t.child(n, fType)))
		}
		l.inLoop++
		l.stmt(t.child(n, fBody))
		l.inLoop--
		l.pop()
	case kLoopStmt:
		// while, do and for: the condition, update and body run in the loop (a for's init is
		// lowered in it too; it has no ops the rules read as looping)
		l.push()
		l.inLoop++
		for _, c := range t.namedChildren(n) {
			l.stmt(c)
		}
		l.inLoop--
		l.pop()
	case kExplicitConstructorInvocation:
		var args []ir.Value
		if an := t.child(n, fArguments); an >= 0 {
			args = l.args(an)
		}
		owner := l.cls.cls.Name
		if c := t.child(n, fConstructor); c >= 0 && t.kind(c) == kSuper {
			owner = l.cls.cls.Super
		}
		l.emit(l.newOp(ir.Op{Kind: ir.OpCall, Owner: owner, Name: "<init>", Argc: len(args), Args: args, Recv: ir.Value{Kind: ir.ValThis}, Line: t.line(n), Col: t.col(n), Text: t.text(n)}))
	case kClassDecl, kInterfaceDecl, kEnumDecl, kRecordDecl:
		// a local class: Outer$1Name
		if nn := t.child(n, fName); nn >= 0 {
			l.cls.localCls++
			name := l.cls.cls.Name + "$" + strconv.Itoa(l.cls.localCls) + t.text(nn)
			l.names.local[t.text(nn)] = name
			savedM, nl, nm, savedLoop := l.meth, len(l.locals), len(l.marks), l.inLoop
			l.inLoop = 0
			l.typeDecl(n, l.cls, name, false)
			l.meth, l.locals, l.marks, l.inLoop = savedM, l.locals[:nl], l.marks[:nm], savedLoop
		}
	case kReturnStmt:
		for _, c := range t.namedChildren(n) {
			v := l.expr(c)
			if l.inLambda == 0 && l.meth != nil {
				l.meth.Returns = append(l.meth.Returns, v)
			}
		}
	case kLineComment, kBlockComment:
	default:
		if t.kind(n) == kOther {
			// if, for, while, switch, labeled and expression statements: a scope of their own
			l.push()
			for _, c := range t.namedChildren(n) {
				l.stmt(c)
			}
			l.pop()
			return
		}
		l.expr(n)
	}
}

func (l *lowerer) tryParts(n int32) {
	t := l.t
	t.children(n, func(c int32) bool {
		switch t.kind(c) {
		case kBlock:
			l.stmt(c)
		case kCatchClause:
			l.push()
			for _, cc := range t.namedChildren(c) {
				if t.kind(cc) == kCatchFormalParameter {
					if nn := t.child(cc, fName); nn >= 0 {
						l.declare(t.text(nn), ir.Type{Name: "java.lang.Throwable"})
					}
					continue
				}
				l.stmt(cc)
			}
			l.pop()
		case kFinallyClause:
			l.inFinally++
			for _, cc := range t.namedChildren(c) {
				l.stmt(cc)
			}
			l.inFinally--
		}
		return true
	})
}

// operator returns the text of a binary expression's operator (its anonymous middle child).
func (l *lowerer) operator(n int32) string {
	op := ""
	l.t.children(n, func(c int32) bool {
		if !l.t.named(c) {
			op = l.t.text(c)
			return false
		}
		return true
	})
	return op
}

// plus lowers a chain of + as javac evaluates it, left to right: a step with a String operand is
// a String, and javac folds constant ones ("a" + ":x" is one constant). The chain is walked
// iteratively and a constant built once at the end: generated sources concatenate thousands of
// literals, which folding step by step would copy quadratically (and recurse as deep).
func (l *lowerer) plus(n int32) ir.Value {
	t := l.t
	var buf [16]int32 // not shared with the lowering of operands, which may hold chains of their own
	chain := buf[:0]
	m := n
	for t.kind(m) == kBinaryExpr && l.operator(m) == "+" {
		chain = append(chain, m)
		m = t.child(m, fLeft)
	}
	const str = "java.lang.String"
	acc := l.expr(m)
	var folded strings.Builder // the constant so far, once it is a String
	isConst, isString := acc.Kind == ir.ValConst, acc.Type == str
	if isConst && isString {
		folded.WriteString(acc.Const)
	}
	for i := len(chain) - 1; i >= 0; i-- {
		v := l.expr(t.child(chain[i], fRight))
		switch {
		case isConst && v.Kind == ir.ValConst && (isString || v.Type == str):
			if !isString {
				folded.WriteString(acc.Const)
			}
			folded.WriteString(v.Const)
			isString = true
		case isString || v.Type == str:
			isConst, isString = false, true
		default:
			isConst, isString = false, false // numbers: javac folds them, kompat does not
		}
	}
	switch {
	case isConst && isString:
		return ir.Value{Kind: ir.ValConst, Const: folded.String(), Type: str}
	case isString:
		return ir.Value{Type: str}
	}
	return ir.Value{}
}

// producer returns the op whose result a value is: the op itself for a result, or the field
// read just emitted for a field value (so `T x = this.f;` records that x holds f, as javac's
// getfield + astore does).
// copyTo records `name = v;` when v is another variable, so that Origin can follow the copy.
func (l *lowerer) copyTo(name string, v ir.Value) {
	if l.meth != nil && (v.Kind == ir.ValLocal || v.Kind == ir.ValParam || v.Literal()) {
		if v.Kind == ir.ValLocal && v.Name == name {
			return // `x = x;`
		}
		l.meth.Copies = append(l.meth.Copies, ir.Copy{To: name, From: v, At: len(l.meth.Ops)})
	}
}

func (l *lowerer) producer(v ir.Value) *ir.Op {
	if op := l.opAt(v); op != nil {
		return op
	}
	if v.Kind == ir.ValField && l.meth != nil && len(l.meth.Ops) > 0 {
		last := l.meth.Ops[len(l.meth.Ops)-1]
		if (last.Kind == ir.OpGetField || last.Kind == ir.OpGetStatic) && last.Name == v.Name {
			return last
		}
	}
	return nil
}

// args evaluates an argument list.
func (l *lowerer) args(n int32) []ir.Value {
	kids := l.t.namedChildren(n)
	if len(kids) == 0 {
		return nil
	}
	out := l.takeValues(len(kids))
	for _, c := range kids {
		out = append(out, l.expr(c))
	}
	return out
}

// expr lowers an expression and returns its value.
func (l *lowerer) expr(n int32) ir.Value {
	if n < 0 {
		return ir.Value{}
	}
	l.step(n)
	t := l.t
	switch t.kind(n) {
	case kIdentifier:
		return l.identifier(n)
	case kThis:
		return ir.Value{Kind: ir.ValThis, Type: l.cls.cls.Name}
	case kStringLiteral:
		return ir.Value{Kind: ir.ValConst, Const: unquote(t.text(n)), Type: "java.lang.String"}
	case kDecimalInteger:
		return ir.Value{Kind: ir.ValConst, Const: t.text(n), Type: "int"}
	case kTrue:
		return ir.Value{Kind: ir.ValConst, Const: "1", Type: "boolean"} // as javac emits it (iconst_1)
	case kFalse:
		return ir.Value{Kind: ir.ValConst, Const: "0", Type: "boolean"}
	case kNullLiteral:
		return ir.Value{Kind: ir.ValNull}
	case kClassLiteral:
		ty := l.typeOf(l.firstType(n))
		if l.meth != nil && ty.Name != "" {
			l.meth.NoteClassLit(ty.Name)
		}
		return ir.Value{Kind: ir.ValClassLit, Type: ty.Name, Const: ty.Name}
	case kParenExpr:
		inner := t.namedChildren(n)
		if len(inner) > 0 {
			return l.expr(inner[0])
		}
		return ir.Value{}
	case kCastExpr:
		v := l.expr(t.child(n, fValue))
		if ty := l.typeOf(t.child(n, fType)); ty.Name != "" {
			v.Type = ty.Name
		}
		return v
	case kFieldAccess:
		return l.fieldAccess(n)
	case kMethodInvocation:
		return l.call(n)
	case kObjectCreation:
		return l.newObject(n)
	case kAssignment:
		return l.assign(n)
	case kLambda:
		op := l.newOp(ir.Op{Kind: ir.OpLambda, Name: "lambda", Argc: -1, Line: t.line(n), Col: t.col(n), Text: "lambda"})
		v := l.emit(op)
		l.push()
		if ps := t.child(n, fParameters); ps >= 0 {
			switch t.kind(ps) {
			case kIdentifier:
				l.declare(t.text(ps), ir.Type{})
			default:
				for _, p := range t.namedChildren(ps) {
					if t.kind(p) == kIdentifier {
						l.declare(t.text(p), ir.Type{})
					} else if nn := t.child(p, fName); nn >= 0 {
						l.declare(t.text(nn), l.typeOf(t.child(p, fType)))
					}
				}
			}
		}
		l.inLambda++
		savedLoop := l.inLoop
		l.inLoop = 0
		body := t.child(n, fBody)
		if t.kind(body) == kBlock {
			l.stmt(body)
		} else {
			l.expr(body)
		}
		l.inLoop = savedLoop
		l.inLambda--
		l.pop()
		return v
	case kMethodReference:
		kids := t.namedChildren(n)
		op := l.newOp(ir.Op{Kind: ir.OpLambda, Argc: -1, Line: t.line(n), Col: t.col(n), Text: t.text(n)})
		if len(kids) > 0 {
			last := kids[len(kids)-1]
			op.Name = t.text(last)
			if len(kids) > 1 {
				if _, isType := l.typeName(kids[0]); !isType {
					op.Recv = l.expr(kids[0])
				} else {
					op.Owner, _ = l.typeName(kids[0])
				}
			}
		}
		return l.emit(op)
	case kUpdateExpr:
		for _, c := range t.namedChildren(n) {
			l.expr(c)
			l.writeBack(c)
		}
		return ir.Value{}
	case kBinaryExpr:
		if l.operator(n) == "+" {
			return l.plus(n)
		}
		l.expr(t.child(n, fLeft))
		l.expr(t.child(n, fRight))
		return ir.Value{}
	case kInstanceofExpr:
		// `x instanceof T name`: the pattern variable holds x (javac: checkcast + astore)
		v := l.expr(t.child(n, fLeft))
		if nn := t.child(n, fName); nn >= 0 {
			name, ty := t.text(nn), l.typeOf(t.child(n, fRight))
			if op := l.producer(v); op != nil && op.Store.Kind == ir.ValUnknown {
				op.Store = ir.Value{Kind: ir.ValLocal, Name: name, Type: ty.Name}
			} else {
				l.copyTo(name, v)
			}
			l.declare(name, ty)
		}
		return ir.Value{Type: "boolean"}
	case kLineComment, kBlockComment:
		return ir.Value{}
	case kClassDecl, kLocalVarDecl, kTryStmt, kTryWithResources, kSynchronizedStmt, kEnhancedFor, kBlock, kReturnStmt:
		l.stmt(n)
		return ir.Value{}
	}
	var last ir.Value
	for _, c := range t.namedChildren(n) {
		switch t.kind(c) {
		case kBlock, kLocalVarDecl, kTryStmt, kTryWithResources, kSynchronizedStmt, kEnhancedFor, kClassDecl, kReturnStmt:
			l.stmt(c)
		default:
			last = l.expr(c)
		}
	}
	if t.kind(n) == kOther && len(t.namedChildren(n)) == 1 {
		return last // e.g. expression_statement
	}
	return ir.Value{}
}

func (l *lowerer) identifier(n int32) ir.Value {
	t := l.t
	name := t.text(n)
	if lv, ok := l.lookupLocal(name); ok {
		if lv.param {
			return ir.Value{Kind: ir.ValParam, Name: name, Index: lv.index, Type: lv.typ.Name}
		}
		return ir.Value{Kind: ir.ValLocal, Name: name, Type: lv.typ.Name}
	}
	if f, c := l.lookupField(name); f != nil {
		if v, ok := constantValue(f); ok {
			return v
		}
		static := f.Mods.Has(ir.Static)
		kind := ir.OpGetField
		recv := ir.Value{Kind: ir.ValThis, Type: c.cls.Name}
		if static {
			kind, recv = ir.OpGetStatic, ir.Value{}
		}
		l.emit(l.newOp(ir.Op{Kind: kind, Owner: c.cls.Name, Name: name, Static: static, Recv: recv, Argc: -1, Line: t.line(n), Col: t.col(n), Text: name}))
		return ir.Value{Kind: ir.ValField, Owner: c.cls.Name, Name: name, Static: static, Type: f.Type.Name}
	}
	if owner := l.staticImport(name); owner != "" {
		l.emit(l.newOp(ir.Op{Kind: ir.OpGetStatic, Owner: owner, Name: name, Static: true, Argc: -1, Line: t.line(n), Col: t.col(n), Text: name}))
		return ir.Value{Kind: ir.ValField, Owner: owner, Name: name, Static: true}
	}
	return ir.Value{Kind: ir.ValUnknown, Name: name}
}

// typeName reports whether an expression node names a type (for static member access), and which.
func (l *lowerer) typeName(n int32) (string, bool) {
	t := l.t
	switch t.kind(n) {
	case kIdentifier, kTypeIdentifier:
		name := t.text(n)
		if _, ok := l.lookupLocal(name); ok {
			return "", false
		}
		if f, _ := l.lookupField(name); f != nil {
			return "", false
		}
		if name == "" || name[0] < 'A' || name[0] > 'Z' {
			return "", false
		}
		fq, _ := l.names.resolve(name)
		return fq, true
	case kFieldAccess, kScopedIdentifier, kScopedTypeIdentifier:
		d := l.dotted(n)
		if d == "" {
			return "", false
		}
		first := d
		if i := indexByte(d, '.'); i >= 0 {
			first = d[:i]
		}
		if _, ok := l.lookupLocal(first); ok {
			return "", false
		}
		if f, _ := l.lookupField(first); f != nil {
			return "", false
		}
		if isConstantName(simpleOf(d)) {
			return "", false // Type.CONSTANT: a static field, not a nested type
		}
		return l.names.looksLikeType(d)
	case kGenericType:
		return l.typeOf(n).Name, true
	}
	return "", false
}

// constantValue returns a final field's compile-time constant (a literal initializer of a
// primitive or String field), which javac inlines at every use instead of reading the field.
func constantValue(f *ir.Field) (ir.Value, bool) {
	if !f.Mods.Has(ir.Final) || f.Init == nil || f.Init.Kind != ir.ValConst {
		return ir.Value{}, false
	}
	if f.Type.Dims > 0 || !(f.Type.Primitive() || f.Type.Name == "java.lang.String") {
		return ir.Value{}, false
	}
	return *f.Init, true
}

// isConstantName reports whether a name is written like a constant (UPPER_CASE, two or more
// characters), which in an expression is a static field rather than a nested type.
func isConstantName(n string) bool {
	if len(n) < 2 {
		return false
	}
	for i := 0; i < len(n); i++ {
		c := n[i]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

func indexByte(s string, b byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == b {
			return i
		}
	}
	return -1
}

func (l *lowerer) fieldAccess(n int32) ir.Value {
	t := l.t
	obj, fld := t.child(n, fObject), t.child(n, fField)
	if fld < 0 {
		return ir.Value{}
	}
	name := t.text(fld)
	if owner, ok := l.typeName(obj); ok {
		l.emit(l.newOp(ir.Op{Kind: ir.OpGetStatic, Owner: owner, Name: name, Static: true, Argc: -1, Line: t.line(fld), Col: t.col(fld), Text: t.text(n)}))
		return ir.Value{Kind: ir.ValField, Owner: owner, Name: name, Static: true, Type: l.fieldType(owner, name)}
	}
	if t.kind(obj) == kThis {
		if f, c := l.lookupField(name); f != nil {
			static := f.Mods.Has(ir.Static)
			kind := ir.OpGetField
			if static {
				kind = ir.OpGetStatic
			}
			l.emit(l.newOp(ir.Op{Kind: kind, Owner: c.cls.Name, Name: name, Static: static, Recv: ir.Value{Kind: ir.ValThis}, Argc: -1, Line: t.line(fld), Col: t.col(fld), Text: t.text(n)}))
			return ir.Value{Kind: ir.ValField, Owner: c.cls.Name, Name: name, Static: static, Type: f.Type.Name}
		}
	}
	recv := l.expr(obj)
	l.emit(l.newOp(ir.Op{Kind: ir.OpGetField, Owner: recv.Type, Name: name, Recv: recv, Argc: -1, Line: t.line(fld), Col: t.col(fld), Text: t.text(n)}))
	return ir.Value{Kind: ir.ValField, Owner: recv.Type, Name: name, Type: l.fieldType(recv.Type, name)}
}

// fieldType returns the declared type of a field of a class in this file, or of a known JDK
// static field ("" if unknown).
func (l *lowerer) fieldType(owner, name string) string {
	if t, ok := fieldTypes[owner+"#"+name]; ok {
		return t
	}
	if c := l.file.FindClass(owner); c != nil {
		if f := c.Field(name); f != nil {
			return f.Type.Name
		}
	}
	return ""
}

func (l *lowerer) call(n int32) ir.Value {
	t := l.t
	nameN := t.child(n, fName)
	if nameN < 0 {
		return ir.Value{}
	}
	name := t.text(nameN)
	obj := t.child(n, fObject)
	op := l.newOp(ir.Op{Kind: ir.OpCall, Name: name, Line: t.line(nameN), Col: t.col(nameN), Text: t.text(n)})
	switch {
	case obj < 0:
		if c, sig := l.lookupMethod(name); c != nil {
			op.Owner, op.Static = c.cls.Name, sig.static
			if !sig.static {
				op.Recv = ir.Value{Kind: ir.ValThis, Type: c.cls.Name}
			}
		} else if objectMethods[name] {
			op.Owner, op.Recv = "java.lang.Object", ir.Value{Kind: ir.ValThis, Type: l.cls.cls.Name}
		} else if owner := l.staticImport(name); owner != "" {
			op.Owner, op.Static = owner, true
		} else {
			op.Owner, op.Recv = l.cls.cls.Name, ir.Value{Kind: ir.ValThis, Type: l.cls.cls.Name}
		}
	case t.kind(obj) == kSuper:
		op.Owner, op.Recv = l.cls.cls.Super, ir.Value{Kind: ir.ValThis}
	default:
		if owner, ok := l.typeName(obj); ok {
			op.Owner, op.Static = owner, true
		} else {
			op.Recv = l.expr(obj)
			op.Owner = op.Recv.Type
			if op.Recv.Kind == ir.ValClassLit {
				op.Owner = "java.lang.Class"
			} else if objectMethods[name] && op.Owner == "" {
				op.Owner = "java.lang.Object"
			}
		}
	}
	if an := t.child(n, fArguments); an >= 0 {
		op.Args = l.args(an)
	}
	op.Argc = len(op.Args)
	v := l.emit(op)
	v.Type = l.returnType(op.Owner, name)
	return v
}

// staticImport returns the owner of an unqualified member name brought in by a static import. One
// on demand (import static a.B.*) yields to a member the class may inherit, which this file cannot
// list: then "" (the name is the inherited member, as when no import matches).
func (l *lowerer) staticImport(name string) string {
	owner, onDemand := l.names.staticOwner(name)
	if onDemand && l.inherits() {
		return ""
	}
	return owner
}

// inherits reports whether the class being lowered, or a class enclosing it, has a supertype
// other than Object (whose methods an unqualified call may name).
func (l *lowerer) inherits() bool {
	for c := l.cls; c != nil; c = c.outer {
		if c.cls.Super != "" && c.cls.Super != "java.lang.Object" || len(c.cls.Interfaces) > 0 {
			return true
		}
	}
	return false
}

// objectMethods are java.lang.Object's methods, the owner of unqualified calls to them.
var objectMethods = map[string]bool{"getClass": true, "hashCode": true, "equals": true, "toString": true,
	"notify": true, "notifyAll": true, "wait": true}

func (l *lowerer) returnType(owner, name string) string {
	if rt, ok := returnTypes[owner+"#"+name]; ok {
		return rt
	}
	for c := l.cls; c != nil; c = c.outer {
		if c.cls.Name == owner {
			if s, ok := c.methods[name]; ok {
				return s.ret
			}
		}
	}
	return ""
}

func (l *lowerer) newObject(n int32) ir.Value {
	t := l.t
	ty := l.typeOf(t.child(n, fType))
	var args []ir.Value
	if an := t.child(n, fArguments); an >= 0 {
		args = l.args(an)
	}
	owner := ty.Name
	if body := t.childKind(n, kClassBody); body >= 0 {
		top := l.cls
		top.anon++
		owner = top.cls.Name + "$" + strconv.Itoa(top.anon)
		l.anonymousClass(body, owner, ty.Name, args)
	}
	op := l.newOp(ir.Op{Kind: ir.OpNew, Owner: owner, Name: "<init>", Argc: len(args), Args: args, Line: t.line(n), Col: t.col(n), Text: t.text(n)})
	v := l.emit(op)
	v.Type = owner
	return v
}

// anonymousClass lowers an anonymous class body; locals of the enclosing method stay visible.
func (l *lowerer) anonymousClass(body int32, name, super string, _ []ir.Value) {
	c := &ir.Class{File: l.file, Name: name, Super: super, Line: l.t.line(body), Anonymous: true, Outer: l.cls.cls.Name}
	if l.meth != nil {
		c.Enclosing = l.meth.Name
	}
	ctx := &classCtx{cls: c, outer: l.cls, fields: map[string]*ir.Field{}, methods: map[string]methodSig{}, tparams: l.cls.tparams}
	l.file.Classes = append(l.file.Classes, c)
	saved, savedM := l.cls, l.meth
	savedFin, savedLam, savedLoop := l.inFinally, l.inLambda, l.inLoop
	l.cls = ctx
	l.inFinally, l.inLambda, l.inLoop = 0, 0, 0
	members := l.members(body)
	l.declareMembers(ctx, members)
	outerLocals, outerMarks := len(l.locals), len(l.marks)
	for _, m := range members {
		l.member(ctx, m)
		l.locals, l.marks = l.locals[:outerLocals], l.marks[:outerMarks]
	}
	l.cls, l.meth = saved, savedM
	l.inFinally, l.inLambda, l.inLoop = savedFin, savedLam, savedLoop
}

func (l *lowerer) assign(n int32) ir.Value {
	t := l.t
	left, right := t.child(n, fLeft), t.child(n, fRight)
	v := l.expr(right)
	op := "="
	t.children(n, func(c int32) bool {
		if !t.named(c) && t.nodes[c].field != fLeft && t.nodes[c].field != fRight {
			op = t.text(c)
			return false
		}
		return true
	})
	if op != "=" {
		// x += y reads x and writes it back, as javac compiles it
		l.expr(left)
		l.writeBack(left)
		return ir.Value{}
	}
	producer := l.producer(v)
	switch t.kind(left) {
	case kIdentifier:
		name := t.text(left)
		if lv, ok := l.lookupLocal(name); ok {
			if producer != nil {
				producer.Store = ir.Value{Kind: ir.ValLocal, Name: name, Type: lv.typ.Name}
			} else {
				l.copyTo(name, v)
			}
			return v
		}
		if f, c := l.lookupField(name); f != nil {
			l.put(c.cls.Name, name, f.Mods.Has(ir.Static), ir.Value{Kind: ir.ValThis}, v, left, producer, f.Type.Name)
			return v
		}
		if owner := l.staticImport(name); owner != "" {
			l.put(owner, name, true, ir.Value{}, v, left, producer, "")
		}
	case kFieldAccess:
		obj, fld := t.child(left, fObject), t.child(left, fField)
		name := t.text(fld)
		if owner, ok := l.typeName(obj); ok {
			l.put(owner, name, true, ir.Value{}, v, left, producer, l.fieldType(owner, name))
			return v
		}
		if t.kind(obj) == kThis {
			if f, c := l.lookupField(name); f != nil {
				l.put(c.cls.Name, name, f.Mods.Has(ir.Static), ir.Value{Kind: ir.ValThis}, v, left, producer, f.Type.Name)
				return v
			}
		}
		recv := l.expr(obj)
		l.put(recv.Type, name, false, recv, v, left, producer, "")
	default:
		l.expr(left)
	}
	return v
}

// writeBack emits the write half of x++, x--, x += y on a field (locals need no op).
func (l *lowerer) writeBack(target int32) {
	t := l.t
	switch t.kind(target) {
	case kIdentifier:
		name := t.text(target)
		if _, ok := l.lookupLocal(name); ok {
			return
		}
		if f, c := l.lookupField(name); f != nil {
			l.put(c.cls.Name, name, f.Mods.Has(ir.Static), ir.Value{Kind: ir.ValThis}, ir.Value{}, target, nil, f.Type.Name)
		}
	case kFieldAccess:
		obj, fld := t.child(target, fObject), t.child(target, fField)
		if fld < 0 {
			return
		}
		name := t.text(fld)
		if owner, ok := l.typeName(obj); ok {
			l.put(owner, name, true, ir.Value{}, ir.Value{}, target, nil, "")
		} else if t.kind(obj) == kThis {
			if f, c := l.lookupField(name); f != nil {
				l.put(c.cls.Name, name, f.Mods.Has(ir.Static), ir.Value{Kind: ir.ValThis}, ir.Value{}, target, nil, f.Type.Name)
			}
		}
	}
}

func (l *lowerer) put(owner, name string, static bool, recv, v ir.Value, at int32, producer *ir.Op, typ string) {
	kind := ir.OpPutField
	if static {
		kind, recv = ir.OpPutStatic, ir.Value{}
	}
	if producer != nil {
		producer.Store = ir.Value{Kind: ir.ValField, Owner: owner, Name: name, Static: static, Type: typ}
	}
	l.emit(l.newOp(ir.Op{Kind: kind, Owner: owner, Name: name, Static: static, Recv: recv, Val: v, Argc: -1, Line: l.t.line(at), Col: l.t.col(at), Text: l.t.text(at)}))
}
