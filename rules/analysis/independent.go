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
	return indepValue(m, v, before, 0)
}

// InitResolvedOnce reports whether every write of the static field is in its class's static
// initializer (or a helper only class initialization runs) and stores an app-independent value:
// the field then holds the same value for every app, resolved once.
// A non-final field must be private: code in other files could assign any other.
func InitResolvedOnce(f *ir.Field) bool {
	if !f.Mods.Has(ir.Final) && !f.Mods.Has(ir.Private) {
		return false
	}
	return resolvedOnce(f, 0)
}

func resolvedOnce(f *ir.Field, depth int) bool {
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
				if !indepValue(m, op.Val, op.Index, depth+1) {
					return false
				}
				puts++
			}
		}
	}
	if puts == 0 && f.Init != nil {
		k := f.Init.Kind
		return k == ir.ValNull || k == ir.ValConst || k == ir.ValClassLit
	}
	return puts > 0
}

func indepValue(m *ir.Method, v ir.Value, before, depth int) bool {
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
		return indepOp(m, m.Ops[v.Op], depth+1)
	case ir.ValLocal:
		return indepLocal(m, v.Name, depth+1)
	case ir.ValField:
		return v.Static && indepStaticField(m, v.Owner, v.Name, depth+1)
	}
	return false
}

// indepLocal: every op stored into the local and every copy to it is app-independent; a local
// never assigned in the method is unknown.
func indepLocal(m *ir.Method, name string, depth int) bool {
	n := 0
	for _, op := range m.Ops {
		if op.Store.Kind == ir.ValLocal && op.Store.Name == name {
			if !indepOp(m, op, depth) {
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
		if !indepValue(m, c.From, c.At, depth) {
			return false
		}
		n++
	}
	return n > 0
}

// indepStaticField: a static final field of a class in the same file whose value is resolved
// once (a logger, a constant lookup).
func indepStaticField(m *ir.Method, owner, name string, depth int) bool {
	if depth > 12 {
		return false
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
		return resolvedOnce(f, depth+1)
	}
	init, op, v, ok := StaticInit(f)
	if !ok {
		return false
	}
	if op == nil {
		k := v.Kind
		return k == ir.ValNull || k == ir.ValConst || k == ir.ValClassLit
	}
	return indepOp(init, op, depth+1)
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

func indepOp(m *ir.Method, op *ir.Op, depth int) bool {
	if depth > 16 {
		return false
	}
	switch op.Kind {
	case ir.OpGetStatic:
		return indepStaticField(m, op.Owner, op.Name, depth+1)
	case ir.OpCall, ir.OpNew:
	default:
		return false
	}
	if callerDependent[op.Owner+"#"+op.Name] {
		return false
	}
	if op.Kind == ir.OpCall && !op.Static && op.Recv.Kind != ir.ValUnknown && !indepValue(m, op.Recv, op.Index, depth+1) {
		return false
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
		if !indepValue(m, a, op.Index, depth+1) {
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
	return read && AppIndependent(m, put.Val, put.Index)
}
