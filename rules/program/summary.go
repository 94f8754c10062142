package program

import (
	"strings"

	"github.com/kompat/kompat/rules/ir"
)

// Loader is a set of kinds of ClassLoader a value may be.
type Loader uint8

// Loader kinds.
const (
	LoaderOwn        Loader = 1 << iota // the defining loader of the code's own class (getClass(), Own.class)
	LoaderOtherClass                    // Other.class.getClassLoader()
	LoaderArgClass                      // obj.getClass().getClassLoader() of an argument or another object
	LoaderTCCL                          // Thread.currentThread().getContextClassLoader()
	LoaderSystem                        // the system or platform loader
)

// ClassLoaders are the kinds that name a class's defining loader.
const ClassLoaders = LoaderOwn | LoaderOtherClass | LoaderArgClass

func (l Loader) String() string {
	var parts []string
	for _, k := range []struct {
		b Loader
		s string
	}{{LoaderOwn, "the class's own loader"}, {LoaderOtherClass, "another class's defining loader"}, {LoaderArgClass, "an object's class's loader"},
		{LoaderTCCL, "the context loader"}, {LoaderSystem, "the system loader"}} {
		if l&k.b != 0 {
			parts = append(parts, k.s)
		}
	}
	return strings.Join(parts, " or ")
}

// Src says where a value may come from; a value assigned on several paths has several sources.
type Src struct {
	Loader Loader
	Params uint16 // bit i: parameter i (the first 16)
	Call   int32  // index in Method.Calls whose result it is; -1 none
	Field  int32  // interned owner.name of a field it was read from; -1 none
}

var noSrc = Src{Call: -1, Field: -1}

func (s Src) empty() bool { return s.Loader == 0 && s.Params == 0 && s.Call < 0 && s.Field < 0 }

func (s Src) merge(o Src) Src {
	s.Loader |= o.Loader
	s.Params |= o.Params
	if s.Call < 0 {
		s.Call = o.Call
	}
	if s.Field < 0 {
		s.Field = o.Field
	}
	return s
}

// CallKind says how a call site dispatches.
type CallKind uint8

// Call kinds.
const (
	CallStatic  CallKind = iota + 1
	CallVirtual          // virtual and interface calls: resolved by class-hierarchy analysis
	CallSpecial          // this(...), super(...), super.m(...)
	CallNew              // object creation: the constructor runs
	CallRef              // a method reference or a lambda's synthetic body: runs later, arguments unknown
)

// Call is a call site kept in a summary: a call whose callee may be scanned code.
type Call struct {
	Owner, Name uint32 // interned
	Argc        int16
	Kind        CallKind
	Line        int32
	Col         int32
	args        uint32 // offset in Method.args
}

// SinkKind says what a loader value is used for.
type SinkKind uint8

// Loader sink kinds.
const (
	SinkLookup     SinkKind = iota + 1 // loads classes or resources through the loader
	SinkProxy                          // defines a proxy class in the loader
	SinkCollection                     // added to a collection field of loaders
	SinkStatic                         // stored in a static field
)

// Sink is a direct use in a method: a class or resource resolved by name through an implicit loader
// (NameSinks) or a loader value used for a lookup (LoaderSinks).
type Sink struct {
	What uint32 // interned display text: "Class.forName(String)"
	Kind SinkKind
	Src  Src // the name (NameSinks) or the loader (LoaderSinks)
	Line int32
	Col  int32
}

// Effect is a set of direct or transitive effects of a method.
type Effect uint8

// Effects.
const (
	EffStartsThread    Effect = 1 << iota // Thread.start
	EffCreatesExecutor                    // Executors.new*, new *ThreadPoolExecutor
	EffWritesSysProp                      // System.setProperty / clearProperty / setProperties
	EffStoresStatic                       // putstatic outside <clinit>
	EffDefaultDeserial                    // creates an ObjectInputStream that resolves classes implicitly
)

// FieldStore is a value with a loader-ish source stored in a field.
type FieldStore struct {
	Field int32
	Src   Src
}

// Method is the compact summary of one method.
type Method struct {
	Class        *Class
	Name         uint32
	Argc         int16
	Static       bool
	Synthetic    bool
	Line         int32
	LoaderParams uint16 // parameters declared as java.lang.ClassLoader
	Calls        []Call
	Returns      Src
	NameSinks    []Sink
	LoaderSinks  []Sink
	FieldStores  []FieldStore
	Effects      Effect
	PropKeys     []string
	// OnlySuper is set for a method whose body only calls the same method on its superclass.
	OnlySuper bool
	args      []Src

	// solved by Program.Solve
	ret        Loader
	retParams  uint16
	nameParams uint16 // parameters whose value is resolved as a class or resource name
	resolves   bool
	via        via
	loaderUse  uint16 // ClassLoader parameters used for a lookup (directly or via callees)
	loaderVia  [16]via
	effects    Effect
	captured   int16   // for a lambda body: how many leading parameters are captured values
	lambdaOf   *Method // for a lambda body: the method that creates it
}

// via is how a method reaches a fact: a direct sink, or a call to a callee that has it.
type via struct {
	sink   int32 // index in NameSinks/LoaderSinks, -1 when through a call
	call   int32 // index in Calls
	callee *Method
}

// Args returns the sources of a call's arguments (nil entries are unknown).
func (m *Method) Args(c *Call) []Src {
	if int(c.Argc) <= 0 || int(c.args)+int(c.Argc) > len(m.args) {
		return nil
	}
	return m.args[c.args : c.args+uint32(c.Argc)]
}

// Class is the compact summary of one class.
type Class struct {
	File       *File
	Name       uint32
	Super      uint32
	Interfaces []uint32
	Mods       ir.Mods
	Line       int32
	Methods    []*Method
	// singleton evidence: classes this class's code holds in a static field or static registry
	holds []uint32
}

// File is the compact summary of one compilation unit.
type File struct {
	Path     string
	Artifact string
	Side     uint8
	Frontend ir.Frontend
	Classes  []*Class
}

// jdk reports whether a type belongs to the platform (its methods are never scanned code unless
// the scan reads the platform's own sources).
func jdk(name string) bool {
	return strings.HasPrefix(name, "java.") || strings.HasPrefix(name, "javax.") || strings.HasPrefix(name, "jdk.") ||
		strings.HasPrefix(name, "sun.") || strings.HasPrefix(name, "com.sun.")
}

// nameSinks are JDK calls that resolve a class or resource by name through a loader chosen
// implicitly (the caller's or the system loader): argument 0 is the name.
var nameSinks = map[[2]string]struct {
	argc int
	what string
}{
	{"java.lang.Class", "forName"}:                         {1, "Class.forName(String)"},
	{"java.lang.ClassLoader", "getSystemResource"}:         {1, "ClassLoader.getSystemResource(String)"},
	{"java.lang.ClassLoader", "getSystemResources"}:        {1, "ClassLoader.getSystemResources(String)"},
	{"java.lang.ClassLoader", "getSystemResourceAsStream"}: {1, "ClassLoader.getSystemResourceAsStream(String)"},
	{"java.util.ResourceBundle", "getBundle"}:              {-2, "ResourceBundle.getBundle(String)"}, // 1 or 2 args
}

// loaderSinks are JDK calls that use a loader value: arg -1 is the receiver.
var loaderSinks = map[[2]string]struct {
	arg, argc int
	kind      SinkKind
	what      string
}{
	{"java.lang.ClassLoader", "loadClass"}:           {-1, -1, SinkLookup, "ClassLoader.loadClass(String)"},
	{"java.lang.ClassLoader", "getResource"}:         {-1, -1, SinkLookup, "ClassLoader.getResource(String)"},
	{"java.lang.ClassLoader", "getResources"}:        {-1, -1, SinkLookup, "ClassLoader.getResources(String)"},
	{"java.lang.ClassLoader", "getResourceAsStream"}: {-1, -1, SinkLookup, "ClassLoader.getResourceAsStream(String)"},
	{"java.lang.Class", "forName"}:                   {2, 3, SinkLookup, "Class.forName(String, boolean, ClassLoader)"},
	{"java.util.ServiceLoader", "load"}:              {1, 2, SinkLookup, "ServiceLoader.load(Class, ClassLoader)"},
	{"java.lang.reflect.Proxy", "newProxyInstance"}:  {0, 3, SinkProxy, "Proxy.newProxyInstance(ClassLoader, ...)"},
}

var loaderLookups = map[string]bool{"loadClass": true, "getResource": true, "getResources": true, "getResourceAsStream": true}

var collectionAdds = map[string]bool{"add": true, "addAll": true, "put": true, "addFirst": true, "addLast": true, "offer": true, "push": true, "putIfAbsent": true}

type summarizer struct {
	p      *Program
	f      *ir.File
	m      *ir.Method
	out    *Method
	callAt []int32 // op index -> call index, -1 when not kept
	keepJ  bool    // the file itself is platform code: keep calls to platform types
}

// Summarize makes the compact summary of a file; the file's IR is not referenced afterwards.
func (p *Program) Summarize(f *ir.File, side uint8) *File {
	fs := &File{Path: strings.Clone(f.Path), Artifact: strings.Clone(f.Artifact), Side: side, Frontend: f.Frontend}
	s := &summarizer{p: p, f: f, keepJ: jdk(f.Package + ".")}
	for _, c := range f.Classes {
		cs := &Class{File: fs, Name: p.intern(c.Name), Super: p.intern(c.Super), Mods: c.Mods, Line: int32(c.Line)}
		for _, i := range c.Interfaces {
			cs.Interfaces = append(cs.Interfaces, p.intern(i))
		}
		for _, fd := range c.Fields {
			if fd.Mods.Has(ir.Static) && fd.Type.Dims == 0 && !fd.Type.Primitive() && fd.Type.Name != "" && !jdk(fd.Type.Name) && !fd.Mods.Has(ir.EnumConstant) {
				cs.holds = append(cs.holds, p.intern(fd.Type.Name))
			}
		}
		for _, m := range c.Methods {
			cs.Methods = append(cs.Methods, s.method(cs, m))
		}
		fs.Classes = append(fs.Classes, cs)
	}
	return fs
}

func (s *summarizer) method(cs *Class, m *ir.Method) *Method {
	p := s.p
	out := &Method{Class: cs, Name: p.intern(m.Name), Argc: int16(len(m.Params)), Static: m.Mods.Has(ir.Static),
		Synthetic: m.Mods.Has(ir.Synthetic) || strings.HasPrefix(m.Name, "lambda$"), Line: int32(m.Line), Returns: noSrc}
	for i, prm := range m.Params {
		if i < 16 && prm.Type.Is("java.lang.ClassLoader") {
			out.LoaderParams |= 1 << i
		}
	}
	s.m, s.out = m, out
	if cap(s.callAt) < len(m.Ops) {
		s.callAt = make([]int32, len(m.Ops))
	}
	s.callAt = s.callAt[:len(m.Ops)]
	for i, op := range m.Ops {
		s.callAt[i] = -1
		if c, ok := s.keep(op); ok {
			s.callAt[i] = int32(len(out.Calls))
			out.Calls = append(out.Calls, c)
		}
	}
	// arguments once every call index is known (an argument may be an earlier call's result)
	for i, op := range m.Ops {
		if ci := s.callAt[i]; ci >= 0 {
			c := &out.Calls[ci]
			if c.Kind == CallRef && op.Kind == ir.OpLambda && len(op.Args) != int(c.Argc) {
				c.Argc = 0
			}
			c.args = uint32(len(out.args))
			for a := 0; a < int(c.Argc); a++ {
				if a < len(op.Args) {
					out.args = append(out.args, s.src(op.Args[a], op.Index, 0))
				} else {
					out.args = append(out.args, noSrc)
				}
			}
		}
		s.direct(op)
	}
	for _, r := range m.Returns {
		out.Returns = out.Returns.merge(s.src(r, len(m.Ops), 0))
	}
	if len(out.args) == 0 {
		out.args = nil
	}
	out.OnlySuper = onlySuper(m)
	return out
}

// onlySuper: the body's only call is super.sameName(...) (javac may add nothing else of note).
func onlySuper(m *ir.Method) bool {
	calls := 0
	for _, op := range m.Ops {
		if op.Kind == ir.OpCall || op.Kind == ir.OpNew || op.Kind == ir.OpLambda {
			calls++
			if op.Name != m.Name || op.Owner != m.Class.Super || op.Recv.Kind != ir.ValThis {
				return false
			}
		}
	}
	return calls == 1
}

// keep decides whether a call site may reach scanned code and makes its record.
func (s *summarizer) keep(op *ir.Op) (Call, bool) {
	var kind CallKind
	owner, name, argc := op.Owner, op.Name, op.Argc
	switch op.Kind {
	case ir.OpNew:
		kind = CallNew
	case ir.OpCall:
		switch {
		case op.Static:
			kind = CallStatic
		case op.Name == "<init>" || op.Recv.Kind == ir.ValThis && op.Owner == s.m.Class.Super && op.Owner != s.m.Class.Name:
			kind = CallSpecial
		default:
			kind = CallVirtual
		}
	case ir.OpLambda:
		kind = CallRef
		if owner == "" {
			owner = op.Recv.Type
		}
		if name == "lambda" || name == "" {
			return Call{}, false // a source lambda: its body is inline in the method
		}
		argc = len(op.Args)
	default:
		return Call{}, false
	}
	if owner == "" || owner == "java.lang.Object" || argc < 0 || (!s.keepJ && jdk(owner)) {
		return Call{}, false
	}
	return Call{Owner: s.p.intern(owner), Name: s.p.intern(name), Argc: int16(argc), Kind: kind, Line: int32(op.Line), Col: int32(op.Col)}, true
}

// direct records the op's own effects and sinks.
func (s *summarizer) direct(op *ir.Op) {
	out, m := s.out, s.m
	switch op.Kind {
	case ir.OpPutStatic:
		if m.Name != "<clinit>" {
			out.Effects |= EffStoresStatic
		}
		if src := s.src(op.Val, op.Index, 0); src.Loader != 0 || src.Call >= 0 || src.Params != 0 {
			out.FieldStores = append(out.FieldStores, FieldStore{Field: int32(s.p.intern(op.Owner + "." + op.Name)), Src: src})
			out.LoaderSinks = append(out.LoaderSinks, Sink{What: s.p.intern("static field " + ir.SimpleName(op.Owner) + "." + op.Name), Kind: SinkStatic, Src: src, Line: int32(op.Line), Col: int32(op.Col)})
		}
		if vop, _ := m.Origin(op.Val, op.Index); vop != nil && vop.Kind == ir.OpNew && !jdk(vop.Owner) {
			s.out.Class.holds = append(s.out.Class.holds, s.p.intern(vop.Owner))
		}
		return
	case ir.OpPutField:
		if src := s.src(op.Val, op.Index, 0); src.Loader != 0 || src.Call >= 0 {
			out.FieldStores = append(out.FieldStores, FieldStore{Field: int32(s.p.intern(op.Owner + "." + op.Name)), Src: src})
		}
		return
	case ir.OpCall, ir.OpNew:
	default:
		return
	}
	key := [2]string{op.Owner, op.Name}
	switch {
	case op.Kind == ir.OpCall && op.Owner == "java.lang.Thread" && op.Name == "start":
		out.Effects |= EffStartsThread
	case op.Owner == "java.util.concurrent.Executors" && strings.HasPrefix(op.Name, "new"),
		op.Kind == ir.OpNew && strings.HasPrefix(op.Owner, "java.util.concurrent.") && strings.HasSuffix(op.Owner, "Executor"):
		out.Effects |= EffCreatesExecutor
	case op.Owner == "java.lang.System" && (op.Name == "setProperty" || op.Name == "clearProperty" || op.Name == "setProperties"):
		out.Effects |= EffWritesSysProp
		if len(op.Args) > 0 && op.Args[0].Kind == ir.ValConst && len(out.PropKeys) < 8 {
			out.PropKeys = append(out.PropKeys, strings.Clone(op.Args[0].Const))
		}
	case op.Kind == ir.OpNew && op.Owner == "java.io.ObjectInputStream":
		out.Effects |= EffDefaultDeserial
	}
	if ns, ok := nameSinks[key]; ok && op.Kind == ir.OpCall && (op.Argc == ns.argc || ns.argc == -2 && (op.Argc == 1 || op.Argc == 2)) && len(op.Args) > 0 {
		if !(ns.argc == -2 && op.Argc == 2 && len(op.Args) == 2 && op.Args[1].Type == "java.lang.ClassLoader") {
			out.NameSinks = append(out.NameSinks, Sink{What: s.p.intern(ns.what), Src: s.src(op.Args[0], op.Index, 0), Line: int32(op.Line), Col: int32(op.Col)})
		}
	}
	if op.Kind == ir.OpCall && op.Owner == "" && op.Recv.Kind == ir.ValResult && loaderLookups[op.Name] {
		// the source frontend does not know the return type of a method in another file: a
		// lookup on the result of a scanned call counts when that call is found to return a loader
		key = [2]string{"java.lang.ClassLoader", op.Name}
	}
	if ls, ok := loaderSinks[key]; ok && op.Kind == ir.OpCall && (ls.argc < 0 || op.Argc == ls.argc) {
		v := op.Recv
		if ls.arg >= 0 {
			if ls.arg >= len(op.Args) {
				return
			}
			v = op.Args[ls.arg]
		}
		if src := s.src(v, op.Index, 0); !src.empty() {
			out.LoaderSinks = append(out.LoaderSinks, Sink{What: s.p.intern(ls.what), Kind: ls.kind, Src: src, Line: int32(op.Line), Col: int32(op.Col)})
		}
		return
	}
	if op.Kind == ir.OpCall && collectionAdds[op.Name] && (op.Recv.Kind == ir.ValField || op.Recv.Kind == ir.ValResult) {
		if fieldOf(m, op.Recv, op.Index) {
			for _, a := range op.Args {
				if src := s.src(a, op.Index, 0); src.Loader != 0 || src.Call >= 0 || src.Params != 0 {
					out.LoaderSinks = append(out.LoaderSinks, Sink{What: s.p.intern("loader collection " + op.Name), Kind: SinkCollection, Src: src, Line: int32(op.Line), Col: int32(op.Col)})
					break
				}
			}
		}
	}
}

func fieldOf(m *ir.Method, v ir.Value, before int) bool {
	if v.Kind == ir.ValField {
		return true
	}
	op, _ := m.Origin(v, before)
	return op != nil && (op.Kind == ir.OpGetField || op.Kind == ir.OpGetStatic)
}

// src follows a value within the method: parameters, locals (every assignment before the use, so a
// reassigned variable has each of its values), op results and fields.
func (s *summarizer) src(v ir.Value, before, depth int) Src {
	out := noSrc
	if depth > 4 {
		return out
	}
	m := s.m
	switch v.Kind {
	case ir.ValParam, ir.ValLocal:
		if v.Kind == ir.ValParam && v.Index >= 0 && v.Index < 16 {
			out.Params |= 1 << v.Index
		}
		for _, op := range m.Ops {
			if op.Index >= before {
				break
			}
			if (op.Store.Kind == ir.ValLocal || op.Store.Kind == ir.ValParam) && op.Store.Name == v.Name {
				out = out.merge(s.opSrc(op, depth))
			}
		}
	case ir.ValResult:
		if v.Op >= 0 && v.Op < len(m.Ops) {
			out = s.opSrc(m.Ops[v.Op], depth)
		}
	case ir.ValField:
		out.Field = int32(s.p.intern(v.Owner + "." + v.Name))
	}
	return out
}

func (s *summarizer) opSrc(op *ir.Op, depth int) Src {
	out := noSrc
	m := s.m
	switch {
	case op.Kind == ir.OpGetField || op.Kind == ir.OpGetStatic:
		out.Field = int32(s.p.intern(op.Owner + "." + op.Name))
	case op.Is("java.lang.Class", "getClassLoader"):
		out.Loader = classLoaderKind(m, op)
	case op.Is("java.lang.Thread", "getContextClassLoader"):
		out.Loader = LoaderTCCL
	case op.Is("java.lang.ClassLoader", "getSystemClassLoader"), op.Is("java.lang.ClassLoader", "getPlatformClassLoader"):
		out.Loader = LoaderSystem
	default:
		if op.Index < len(s.callAt) && s.callAt[op.Index] >= 0 {
			out.Call = s.callAt[op.Index]
		}
	}
	return out
}

// classLoaderKind classifies the receiver of a getClassLoader() call.
func classLoaderKind(m *ir.Method, op *ir.Op) Loader {
	if op.Recv.Kind == ir.ValClassLit {
		t := op.Recv.Type
		if t == m.Class.Name || t == m.Class.Outer || strings.HasPrefix(m.Class.Name, t+"$") {
			return LoaderOwn
		}
		return LoaderOtherClass
	}
	if src, _ := m.Origin(op.Recv, op.Index); src != nil && src.Name == "getClass" && len(src.Args) == 0 {
		if src.Recv.Kind == ir.ValThis || src.Recv.Kind == ir.ValUnknown && src.Owner == "java.lang.Object" && !src.Static {
			return LoaderOwn
		}
		return LoaderArgClass
	}
	return 0
}
