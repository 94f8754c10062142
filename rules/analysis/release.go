package analysis

import (
	"strings"

	"github.com/kompat/kompat/rules/ir"
)

func ContainsName(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// FieldRef reports whether a value in m (read before index `before`) is the field owner.name:
// the field itself, a local or result taken from it, or a local that can only be an alias of it
// (the lowering does not record `T x = this.f;`, so a local with no producing op in a method
// that reads the field before the use is taken as that field).
func FieldRef(m *ir.Method, v ir.Value, before int, owner, name string) bool {
	if RefersToField(m, v, before, owner, name) {
		return true
	}
	if v.Kind != ir.ValLocal {
		return false
	}
	if src, _ := m.Origin(v, before); src != nil {
		return false
	}
	for _, o := range m.Ops {
		if o.Index >= before {
			break
		}
		if (o.Kind == ir.OpGetField || o.Kind == ir.OpGetStatic) && o.Name == name && (o.Owner == owner || o.Owner == "") {
			return true
		}
	}
	return false
}

// releaseVerbs start the names of helper methods that release what they are given:
// shutdownQuietly(pool), closeQuietly(timer), stopThread(t), cancelTimer(t)...
var releaseVerbs = []string{"shutdown", "close", "cancel", "stop", "dispose", "destroy", "interrupt", "terminate", "release", "join"}

func IsReleaseVerb(name string) bool {
	l := strings.ToLower(name)
	for _, v := range releaseVerbs {
		if strings.HasPrefix(l, v) {
			return true
		}
	}
	return false
}

// ManagedBy are methods of the Koupleless runtime that take a resource and release it when the
// module is uninstalled (ShutdownExecutorServicesOnUninstallEventHandler.manageExecutorService,
// CancelTimersOnUninstallEventHandler.manageTimer), matched by name.
var ManagedBy = []string{"manageExecutorService", "manageTimer", "manageThread"}

// FieldManaged reports whether the field is handed to a Koupleless uninstall handler anywhere in
// the file.
func FieldManaged(f *ir.File, owner, name string) bool {
	for _, c := range f.Classes {
		for _, m := range c.Methods {
			for _, op := range m.Ops {
				if op.Kind != ir.OpCall || !ContainsName(ManagedBy, op.Name) {
					continue
				}
				for _, a := range op.Args {
					if FieldRef(m, a, op.Index, owner, name) {
						return true
					}
				}
			}
		}
	}
	return false
}

// FileMethods returns every method of the class and of classes nested in it (or enclosing it)
// in the file.
func FileMethods(f *ir.File, c *ir.Class) []*ir.Method {
	var out []*ir.Method
	for _, k := range f.Classes {
		if k == c || strings.HasPrefix(k.Name, c.Name+"$") || strings.HasPrefix(c.Name, k.Name+"$") {
			out = append(out, k.Methods...)
		}
	}
	return out
}

// ExtendsInFile reports whether class name (a class of the file) extends super, directly or
// through other classes of the file.
func ExtendsInFile(f *ir.File, name, super string) bool {
	for depth := 0; depth < 16; depth++ {
		c := f.FindClass(name)
		if c == nil {
			return false
		}
		if c.Super == super {
			return true
		}
		name = c.Super
	}
	return false
}

// ThreadLocalTypes are the JDK thread-local classes.
var ThreadLocalTypes = []string{"java.lang.ThreadLocal", "java.lang.InheritableThreadLocal"}

// IsThreadLocalField reports whether a field holds a ThreadLocal: by declared type (a JDK
// thread-local class or a subclass of one in the file) or by its initializer (new ThreadLocal,
// new InheritableThreadLocal, an anonymous subclass of either, ThreadLocal.withInitial).
func IsThreadLocalField(f *ir.File, fd *ir.Field) bool {
	if fd.Type.Dims == 0 && IsThreadLocalType(f, fd.Type.Name) {
		return true
	}
	if op := fd.InitOp; op != nil && op.Store.Kind == ir.ValField && op.Store.Name == fd.Name {
		switch op.Kind {
		case ir.OpNew:
			return IsThreadLocalType(f, op.Owner)
		case ir.OpCall:
			return op.Name == "withInitial" && ContainsName(ThreadLocalTypes, op.Owner)
		}
	}
	return false
}

// IsThreadLocalType reports whether a type is a JDK thread-local class or a class of the file
// extending one.
func IsThreadLocalType(f *ir.File, name string) bool {
	if ContainsName(ThreadLocalTypes, name) {
		return true
	}
	for _, t := range ThreadLocalTypes {
		if ExtendsInFile(f, name, t) {
			return true
		}
	}
	return false
}

// stopEvents are the events whose listeners run when a module stops (as in destroy.go).
var stopEvents = []string{"ContextClosedEvent", "ContextStoppedEvent", "BeforeBizStopEvent", "BeforeBizRecycleEvent"}

func HasCloseEventParam(m *ir.Method) bool {
	for _, p := range m.Params {
		if ContainsName(stopEvents, p.Type.Simple()) {
			return true
		}
	}
	return false
}

// ReturnsCloseListener reports whether a method returns a listener of a close event
// (ApplicationListener<ContextClosedEvent>), typically a @Bean written as a lambda.
func ReturnsCloseListener(m *ir.Method) bool {
	if !strings.HasSuffix(m.Return.Simple(), "Listener") {
		return false
	}
	for _, a := range m.Return.Args {
		if ContainsName(stopEvents, a.Simple()) {
			return true
		}
	}
	return false
}
