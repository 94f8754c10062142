package analysis

import (
	"strings"

	"github.com/kompat/kompat/rules/ir"
)

// AppIndependent reports whether a value computed in m (used before index `before`) is the same
// whichever app runs the code: built from constants, class literals, null and the declaring
// class's own loader, through JDK calls on such values (Class.forName(name), getMethod, a JDK
// constructor) or through calls of the code base that are handed at least one class literal or
// loader derived from those (ClassUtils.forName("x", Own.class.getClassLoader()),
// findField(Own.class, "f")). The thread context ClassLoader, parameters, `this`, instance fields
// and calls with nothing but constants or nothing at all (an opaque getDefaultClassLoader())
// depend on the caller. A local counts only when every assignment to it in the method does.
func AppIndependent(m *ir.Method, v ir.Value, before int) bool {
	return indep{}.value(m, v, before, 0)
}

// indep carries what the walk treats as independent besides constants: the static field a lazy
// initialization is computing (`T x = FIELD; if (x == null) { x = load(); FIELD = x; }` reads
// its own field).
type indep struct{ selfOwner, selfName string }

// InitResolvedOnce reports whether every write of the static field is in its class's static
// initializer (or a helper only class initialization runs) and stores an app-independent value:
// the field then holds the same value for every app, resolved once.
// A non-final field must be private: code in other files could assign any other.
func InitResolvedOnce(f *ir.Field) bool {
	if !f.Mods.Has(ir.Final) && !f.Mods.Has(ir.Private) {
		return false
	}
	return indep{}.resolvedOnce(f, 0)
}

func (in indep) resolvedOnce(f *ir.Field, depth int) bool {
	if depth > 12 {
		return false
	}
	owner := f.Class.Name
	helpers := InitOnlyHelpers(f.Class.File)
	puts := 0
	for _, c := range f.Class.File.Classes {
		for _, m := range c.Methods {
			for _, op := range m.Ops {
				if op.Kind != ir.OpPutStatic || op.Owner != owner || op.Name != f.Name {
					continue
				}
				if !IsInitOf(m, owner) && !helpers[m] {
					return false
				}
				if !in.value(m, op.Val, op.Index, depth+1) {
					return false
				}
				puts++
			}
		}
	}
	if puts == 0 && f.Init != nil {
		return f.Init.Literal()
	}
	return puts > 0
}

func (in indep) value(m *ir.Method, v ir.Value, before, depth int) bool {
	if depth > 16 {
		return false
	}
	switch v.Kind {
	case ir.ValNull, ir.ValConst, ir.ValClassLit:
		return true
	case ir.ValResult:
		if v.Op < 0 || v.Op >= len(m.Ops) {
			return false
		}
		return in.op(m, m.Ops[v.Op], depth+1)
	case ir.ValLocal:
		return in.local(m, v.Name, depth+1)
	case ir.ValField:
		return v.Static && in.staticField(m, v.Owner, v.Name, depth+1)
	}
	return false
}

// indepLocal: every op stored into the local and every copy to it is app-independent; a local
// never assigned in the method is unknown.
func (in indep) local(m *ir.Method, name string, depth int) bool {
	n := 0
	for _, op := range m.Ops {
		if op.Store.Kind == ir.ValLocal && op.Store.Name == name {
			if !in.op(m, op, depth) {
				return false
			}
			n++
		}
	}
	for _, c := range m.Copies {
		if c.To != name {
			continue
		}
		if c.From.Kind == ir.ValLocal && c.From.Name == name {
			continue
		}
		if !in.value(m, c.From, c.At, depth) {
			return false
		}
		n++
	}
	return n > 0
}

// indepStaticField: a static final field of a class in the same file whose value is resolved
// once (a logger, a constant lookup).
func (in indep) staticField(m *ir.Method, owner, name string, depth int) bool {
	if depth > 12 {
		return false
	}
	if owner == in.selfOwner && name == in.selfName {
		return true // the field being lazily initialized: its earlier value is what is replaced
	}
	if name == "TYPE" && IsJDK(owner) {
		return true // Boolean.TYPE and its kind: a primitive type's Class, the JDK's own
	}
	c := m.Class.File.FindClass(owner)
	if c == nil {
		return false
	}
	f := c.Field(name)
	if f == nil || !f.Mods.Has(ir.Static) {
		return false
	}
	if !f.Mods.Has(ir.Final) {
		return in.resolvedOnce(f, depth+1)
	}
	init, op, v, ok := StaticInit(f)
	if !ok {
		return false
	}
	if op == nil {
		return v.Literal()
	}
	return in.op(init, op, depth+1)
}

// callerDependent are JDK calls whose result depends on the calling thread or app.
var callerDependent = map[string]bool{
	"java.lang.Thread#currentThread":           true,
	"java.lang.Thread#getContextClassLoader":   true,
	"java.lang.ClassLoader#getCallerClass":     true,
	"java.lang.StackWalker#getCallerClass":     true,
	"java.util.ServiceLoader#load":             true,
	"java.lang.reflect.Proxy#newProxyInstance": true,
}

func (in indep) op(m *ir.Method, op *ir.Op, depth int) bool {
	if depth > 16 {
		return false
	}
	switch op.Kind {
	case ir.OpGetStatic:
		return in.staticField(m, op.Owner, op.Name, depth+1)
	case ir.OpCall, ir.OpNew:
	default:
		return false
	}
	if callerDependent[op.Owner+"#"+op.Name] {
		return false
	}
	if op.Kind == ir.OpCall && !op.Static && op.Recv.Kind != ir.ValUnknown && !in.value(m, op.Recv, op.Index, depth+1) {
		return false
	}
	if op.Kind == ir.OpCall && op.Static {
		if ok, found := in.helperReturns(m, op, depth+1); found {
			return ok
		}
	}
	jdk := IsJDK(op.Owner)
	anchored := false // a class literal or loader among the arguments or the receiver
	if op.Kind == ir.OpCall && !op.Static && op.Recv.Kind != ir.ValUnknown {
		anchored = true
	}
	for i, a := range op.Args {
		if a.Kind == ir.ValUnknown && op.Owner == "java.lang.Class" && i == len(op.Args)-1 {
			continue // the parameter-types array of getMethod(name, types...) in bytecode
		}
		if a.Kind == ir.ValNull && !jdk && loaderish(op.Name) {
			return false // a null loader means "the default one" (often the caller's TCCL)
		}
		if !in.value(m, a, op.Index, depth+1) {
			return false
		}
		if a.Kind != ir.ValConst && a.Kind != ir.ValNull {
			anchored = true
		}
	}
	if op.Argc > len(op.Args) {
		return false
	}
	return jdk || anchored
}

func loaderish(name string) bool {
	l := strings.ToLower(name)
	return strings.Contains(l, "forname") || strings.Contains(l, "load") || strings.Contains(l, "resolve") || strings.Contains(l, "resource")
}

// LazyIndependent reports whether a write of a static field is the idempotent lazy
// initialization `if (X == null) X = load(..);` of a value that does not depend on the calling app:
// the method reads the field before writing it and the value is app-independent, or the write
// clears the field to null. Whichever app runs it first, every app sees the same value.
func LazyIndependent(m *ir.Method, put *ir.Op) bool {
	if put.Kind != ir.OpPutStatic {
		return false
	}
	switch put.Val.Kind {
	case ir.ValNull:
		return true
	case ir.ValConst, ir.ValUnknown:
		return false // a flag or counter update (x = "set", x += 2), not a lazily created value
	}
	if emptyContainer(m, put.Val, put.Index, 0) {
		return false // a new empty collection: a shared container, filled by whoever uses it
	}
	read := false
	for _, op := range m.Ops {
		if op.Index >= put.Index {
			break
		}
		if op.Kind == ir.OpGetStatic && op.Owner == put.Owner && op.Name == put.Name {
			read = true
			break
		}
	}
	return read && indep{selfOwner: put.Owner, selfName: put.Name}.value(m, put.Val, put.Index, 0)
}

// helperReturns looks into a static method of the same file called with app-independent
// arguments: found when the file has it; ok when everything it returns is app-independent.
func (in indep) helperReturns(m *ir.Method, op *ir.Op, depth int) (ok, found bool) {
	c := m.Class.File.FindClass(op.Owner)
	if c == nil || depth > 12 {
		return false, false
	}
	for _, h := range c.Methods {
		if h.Name != op.Name || !h.Mods.Has(ir.Static) || len(h.Params) != len(op.Args) || h == m {
			continue
		}
		if len(h.Params) > 0 {
			return false, false // judged by its arguments, as any call of the code base
		}
		if len(h.Returns) == 0 {
			return false, true
		}
		for _, r := range h.Returns {
			if !in.value(h, r, len(h.Ops), depth+1) {
				return false, true
			}
		}
		return true, true
	}
	return false, false
}

// emptyContainer reports whether a value is a new java.util collection or an array, created
// here or returned by a no-argument static helper of the file.
func emptyContainer(m *ir.Method, v ir.Value, before, depth int) bool {
	op, _ := m.Origin(v, before)
	if op == nil || depth > 3 {
		return false
	}
	if op.Kind == ir.OpNew {
		return strings.HasPrefix(op.Owner, "java.util.")
	}
	if op.Kind != ir.OpCall || !op.Static || len(op.Args) > 0 {
		return false
	}
	c := m.Class.File.FindClass(op.Owner)
	if c == nil {
		return false
	}
	for _, h := range c.Methods {
		if h.Name == op.Name && len(h.Params) == 0 && h != m {
			for _, r := range h.Returns {
				if emptyContainer(h, r, len(h.Ops), depth+1) {
					return true
				}
			}
		}
	}
	return false
}

// OneTimeFlag reports whether a write of a static boolean is a one-time latch: the method reads
// the flag before writing it a constant (`if (warn) { warn = false; log(..); }`). Every app sees
// the flag flip once; no app's state is kept.
func OneTimeFlag(m *ir.Method, put *ir.Op) bool {
	if put.Kind != ir.OpPutStatic || put.Val.Kind != ir.ValConst {
		return false
	}
	c := m.Class.File.FindClass(put.Owner)
	if c == nil {
		return false
	}
	f := c.Field(put.Name)
	if f == nil || !(f.Type.Is("boolean") || f.Type.Is("java.lang.Boolean")) {
		return false
	}
	return m.ReadsStaticBefore(put.Owner, put.Name, put.Index)
}

// CounterReset reports a write of the constant 0 to a static that the same method also
// increments (`if (counter < 0) counter = 0; return counter++;`): a counter wrapping around, part
// of the counter, not a value one app sets for all.
func CounterReset(m *ir.Method, put *ir.Op) bool {
	if put.Kind != ir.OpPutStatic || put.Val.Kind != ir.ValConst || put.Val.Const != "0" {
		return false
	}
	for _, op := range m.Ops {
		if op != put && op.Kind == ir.OpPutStatic && op.Owner == put.Owner && op.Name == put.Name && Increment(m, op) {
			return true
		}
	}
	return false
}

// Increment reports whether a write of a numeric static adds to the value the method read from
// the field before it (`++n`, `n += k`): a counter every caller adds to, not a value one app sets
// for all.
func Increment(m *ir.Method, put *ir.Op) bool {
	if put.Kind != ir.OpPutStatic || put.Val.Kind != ir.ValUnknown {
		return false
	}
	switch put.Desc {
	case "I", "J", "S":
	case "":
		// source: the field's declared type, when the file declares it
		c := m.Class.File.FindClass(put.Owner)
		if c == nil {
			return false
		}
		f := c.Field(put.Name)
		if f == nil || f.Type.Dims > 0 || !(f.Type.Is("int") || f.Type.Is("long") || f.Type.Is("short")) {
			return false
		}
	default:
		return false
	}
	return m.ReadsStaticBefore(put.Owner, put.Name, put.Index)
}

// CopyOnWrite reports whether a write of a static field stores a new collection made from the
// field's own current value (`m = new HashMap<>(CACHE); m.put(k, v); CACHE = m;`): every earlier
// entry is kept, so no app's value replaces another's; the collection's contents are what the
// collection rules judge.
func CopyOnWrite(m *ir.Method, put *ir.Op) bool {
	if put.Kind != ir.OpPutStatic {
		return false
	}
	vop, _ := m.Origin(put.Val, put.Index)
	if vop == nil || vop.Kind != ir.OpNew {
		return false
	}
	for _, a := range vop.Args {
		if src, _ := m.Origin(a, vop.Index); src != nil && src.Kind == ir.OpGetStatic && src.Owner == put.Owner && src.Name == put.Name {
			return true
		}
	}
	return false
}
