package program

import (
	"slices"
	"strings"
	"sync"
	"unsafe"

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
	LoaderParamClass                    // type.getClassLoader() of a Class the caller passed: the caller's choice
	LoaderPassed                        // an instance field set from a ClassLoader parameter (a setter, an injected loader)
)

// ClassLoaders are the kinds that name a class's defining loader.
const ClassLoaders = LoaderOwn | LoaderOtherClass | LoaderArgClass

func (l Loader) String() string {
	var parts []string
	for _, k := range []struct {
		b Loader
		s string
	}{{LoaderOwn, "the class's own loader"}, {LoaderOtherClass, "another class's defining loader"}, {LoaderArgClass, "an object's class's loader"},
		{LoaderTCCL, "the context loader"}, {LoaderSystem, "the system loader"}, {LoaderParamClass, "a passed class's loader"}, {LoaderPassed, "a loader set by a caller"}} {
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
	Field  int32  // the field it was read from (an index in Program.fieldKeys); -1 none
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
	nargs       uint8 // arguments kept: those after the last with a known source are not
	Line        int32
	Col         uint16 // 0 past column 65535
	args        uint16 // offset of the arguments in the method's; none are kept past 65535
	tgt         int32  // solved: index of the call's targets in Program.tlists, 0 none or not yet
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
	EffReadsContext                       // reads the thread context loader (directly or through ServiceLoader.load(Class))
)

// FieldStore is a value with a loader-ish source stored in a field.
type FieldStore struct {
	Field int32
	Src   Src
}

// Method is the compact summary of one method. It holds no pointers (its class, calls and
// arguments are indexes into its file's arrays, what few methods have lives in a side record),
// so the collector does not scan the summaries it keeps.
type Method struct {
	Returns Src
	Name    uint32
	Line    int32
	cls     uint32 // the class: index in Program.classList
	c0, c1  uint32 // the calls: File.calls[c0:c1]
	a0, a1  uint32 // their arguments: File.args[a0:a1]
	x       int32  // 1 + index of the side record in File.extras; 0 none
	Argc    int16
	// LoaderParams are the parameters declared as java.lang.ClassLoader.
	LoaderParams uint16
	Effects      Effect
	Static       bool
	Synthetic    bool
	// OnlySuper is set for a method whose body only calls the same method on its superclass.
	OnlySuper bool
	Public    bool

	// solved by Program.Solve
	id         int32 // index in Program.all; -1 when not a method of a primary class
	lambdaOf   int32 // for a lambda body: the id of the method that creates it, -1 none
	loaderVia  int32 // index in Program.loaderVias (how each ClassLoader parameter is used), -1 none
	via        via   // how the method resolves a name
	ret        Loader
	effects    Effect
	resolves   bool
	retParams  uint16
	nameParams uint16 // parameters whose value is resolved as a class or resource name
	loaderUse  uint16 // ClassLoader parameters used for a lookup (directly or via callees)
	captured   int16  // for a lambda body: how many leading parameters are captured values
}

// methodExtra is the part of a method summary that only some methods have.
type methodExtra struct {
	NameSinks   []Sink
	LoaderSinks []Sink
	FieldStores []FieldStore
	PropKeys    []string
	Clears      []Sink // clear() on an instance field of the method's class; What is "Simple.field"
	LazyNews    []LazyNew
}

// LazyNew is the lazy creation of a static singleton by its no-argument constructor in a static
// method (`if (INSTANCE == null) INSTANCE = new X();`): whether it depends on the first app to
// call depends on what X's constructor does, which the whole program tells.
type LazyNew struct {
	Class, Field uint32 // the created class (binary name) and the field's name, interned
	Line, Col    int32
}

// systemFallback reports a system-loader lookup that is the null-loader branch of a lookup through
// a loader value for the same name in the same method (`cl != null ? cl.getResources(n) :
// ClassLoader.getSystemResources(n)`): a null loader means the system loader's view, so the
// fallback is what the loader lookup would do, not a loader chosen for the app.
func systemFallback(m *ir.Method, op *ir.Op) bool {
	if op.Owner != "java.lang.ClassLoader" || !strings.HasPrefix(op.Name, "getSystemResource") || len(op.Args) == 0 {
		return false
	}
	want := "getResource" + strings.TrimPrefix(op.Name, "getSystemResource")
	for _, o := range m.Ops {
		if o.Kind != ir.OpCall || o.Static || o.Name != want || len(o.Args) != 1 || o == op {
			continue
		}
		if o.Owner != "java.lang.ClassLoader" && o.Owner != "" && o.Recv.Type != "java.lang.ClassLoader" {
			continue
		}
		if a, b := o.Args[0], op.Args[0]; a.Kind == b.Kind && a.Name == b.Name && a.Const == b.Const && a.Op == b.Op && a.Kind != ir.ValUnknown {
			return true
		}
	}
	return false
}

// weakHolder reports a concrete class extending Object whose instance fields are all strings,
// boxed or primitive values, java.lang.ref references, locks or atomic numbers, and that is not
// an inner class (which holds its outer instance): an instance holds any class or ClassLoader
// only weakly, so a map of them pins no app (jakarta.el's ExpressionFactory cache keys and
// values).
func weakHolder(c *ir.Class) bool {
	if c.Mods.Has(ir.Interface) || c.Mods.Has(ir.Abstract) || c.Super != "" && c.Super != "java.lang.Object" {
		return false
	}
	if c.File != nil && c.File.Frontend == ir.Source && strings.Contains(c.Name, "$") && !c.Mods.Has(ir.Static) {
		return false // an inner class: each instance holds its outer instance
	}
	n := 0
	for _, fd := range c.Fields {
		if strings.HasPrefix(fd.Name, "this$") {
			return false // an inner class's outer instance (bytecode)
		}
		if fd.Mods.Has(ir.Static) || fd.Mods.Has(ir.Synthetic) {
			continue
		}
		n++
		if fd.Type.Dims > 0 || !ValueType(fd.Type.Name) && !holdsNoApp(fd.Type.Name) {
			return false
		}
	}
	return n > 0
}

// holdsNoApp reports JDK types whose instances reference no app object for longer than a call:
// references (which hold weakly or softly), locks and atomic numbers.
func holdsNoApp(name string) bool {
	if strings.HasPrefix(name, "java.lang.ref.") || strings.HasPrefix(name, "java.util.concurrent.locks.") {
		return true
	}
	switch name {
	case "java.util.concurrent.atomic.AtomicInteger", "java.util.concurrent.atomic.AtomicLong", "java.util.concurrent.atomic.AtomicBoolean":
		return true
	}
	return false
}

// ValueType reports strings, boxed primitives and primitives: values that pin no ClassLoader.
func ValueType(name string) bool {
	switch name {
	case "java.lang.String", "java.lang.Integer", "java.lang.Long", "java.lang.Short", "java.lang.Byte", "java.lang.Character",
		"java.lang.Boolean", "java.lang.Double", "java.lang.Float", "int", "long", "short", "byte", "char", "boolean", "double", "float":
		return true
	}
	return false
}

// StacklessThrowable reports whether a class never records a stack trace of its own: it overrides
// fillInStackTrace(), or each of its constructors passes writableStackTrace = false to the
// four-argument Throwable constructor of its superclass.
func StacklessThrowable(c *ir.Class) bool {
	if c.Super == "" || c.Super == "java.lang.Object" {
		return false // not a Throwable: no method to look at (this runs for every class summarized)
	}
	ctors, quiet := 0, 0
	for _, m := range c.Methods {
		if m.Name == "fillInStackTrace" && len(m.Params) == 0 && !m.Mods.Has(ir.Static) {
			return true
		}
		if m.Name != "<init>" || m.Mods.Has(ir.Synthetic) {
			continue
		}
		ctors++
		for _, op := range m.Ops {
			if op.Kind == ir.OpCall && op.Name == "<init>" && op.Owner == c.Super && len(op.Args) == 4 &&
				op.Args[3].Kind == ir.ValConst && (op.Args[3].Const == "false" || op.Args[3].Const == "0") {
				quiet++
				break
			}
		}
	}
	return ctors > 0 && ctors == quiet
}

// LazyNewCandidate reports the lazy creation LazyNew records: in a static method other than
// <clinit>, outside a lambda, a static field of the method's own class, read earlier in the
// method, set to a new instance of a scanned-code class made with no arguments.
func LazyNewCandidate(m *ir.Method, put, made *ir.Op) bool {
	if !m.Mods.Has(ir.Static) || m.Name == "<clinit>" || m.Mods.Has(ir.Synthetic) || put.InLambda || put.Owner != m.Class.Name ||
		made.Kind != ir.OpNew || jdk(made.Owner) || len(made.Args) != 0 || made.Argc > 0 {
		return false
	}
	return m.ReadsStaticBefore(put.Owner, put.Name, put.Index)
}

var noExtra methodExtra

// ext returns a method's side record (an empty one when it has none).
func (p *Program) ext(m *Method) *methodExtra {
	if m.x == 0 {
		return &noExtra
	}
	return &p.classList[m.cls].File.extras[m.x-1]
}

// NameSinks are a method's direct class or resource lookups by name through an implicit loader.
func (p *Program) NameSinks(m *Method) []Sink { return p.ext(m).NameSinks }

// LoaderSinks are a method's direct uses of a loader value.
func (p *Program) LoaderSinks(m *Method) []Sink { return p.ext(m).LoaderSinks }

// FieldStores are the loader-ish values a method stores in fields.
func (p *Program) FieldStores(m *Method) []FieldStore { return p.ext(m).FieldStores }

// Clears are a method's clear() calls on an instance collection or map field of its own class.
func (p *Program) Clears(m *Method) []Sink { return p.ext(m).Clears }

// LazyNews returns the lazy singleton creations of a method.
func (p *Program) LazyNews(m *Method) []LazyNew { return p.ext(m).LazyNews }

// PropKeys are the constant keys of the system properties a method writes (at most 8).
func (p *Program) PropKeys(m *Method) []string { return p.ext(m).PropKeys }

// ClassOf returns a method's class.
func (p *Program) ClassOf(m *Method) *Class { return p.classList[m.cls] }

// Calls returns a method's call sites.
func (p *Program) Calls(m *Method) []Call {
	if m.c1 <= m.c0 {
		return nil
	}
	return p.classList[m.cls].File.calls[m.c0:m.c1:m.c1]
}

// Args returns the sources of a call's arguments in method m, up to the last whose source is
// known (an argument past the end, or an empty source, is unknown).
func (p *Program) Args(m *Method, c *Call) []Src {
	if c.nargs == 0 || m.a1 <= m.a0 {
		return nil
	}
	args := p.classList[m.cls].File.args[m.a0:m.a1]
	if int(c.args)+int(c.nargs) > len(args) {
		return nil
	}
	return args[c.args : int(c.args)+int(c.nargs)]
}

func (p *Program) loaderViaAt(m *Method, j int) via {
	if m.loaderVia < 0 {
		return noVia
	}
	return p.loaderVias[m.loaderVia][j]
}

func (p *Program) setLoaderVia(m *Method, j int, v via) {
	if m.loaderVia < 0 {
		m.loaderVia = int32(len(p.loaderVias))
		var vs [16]via
		for i := range vs {
			vs[i] = noVia
		}
		p.loaderVias = append(p.loaderVias, vs)
	}
	p.loaderVias[m.loaderVia][j] = v
}

// via is how a method reaches a fact: a direct sink, or a call to a callee that has it.
type via struct {
	sink   int32 // index in NameSinks/LoaderSinks, -1 when through a call
	call   int32 // index in Calls
	callee int32 // the callee's id, -1 none
}

var noVia = via{callee: -1}

// Class is the compact summary of one class.
type Class struct {
	File       *File
	Name       uint32
	Super      uint32
	Interfaces []uint32
	Mods       ir.Mods
	Line       int32
	idx        uint32 // index in Program.classList
	m0, m1     uint32 // the methods: File.methods[m0:m1]
	// singleton evidence: classes this class's code holds in a static field or static registry,
	// and classes it instantiates for anything else (a class made freely is not a singleton)
	holds, makes []uint32
	// stackless: a Throwable class that never records a stack trace (StacklessThrowable)
	stackless bool
	// weak: an instance holds classes and loaders only weakly (weakHolder)
	weak bool
}

// Methods returns the class's methods.
func (c *Class) Methods() []Method { return c.File.methods[c.m0:c.m1:c.m1] }

// File is the compact summary of one compilation unit.
type File struct {
	Path     string
	Artifact string
	Side     uint8
	Frontend ir.Frontend
	Classes  []*Class
	methods  []Method
	calls    []Call
	args     []Src
	extras   []methodExtra
	size     int64
}

// Size is about how many bytes of memory the summary keeps (the strings it interned first
// included).
func (f *File) Size() int64 { return f.size }

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

	// the file's calls and arguments, copied into exactly sized arrays when the file is done
	calls  []Call
	args   []Src
	spans  []span
	extras []methodExtra
	cls    *Class // the class being summarized
	// interned strings and field names seen by this summarizer (a per-worker cache in front of
	// the program's table, keyed by the program's own copies), and what new entries cost
	names  map[string]uint32
	fields map[[2]string]uint32
	added  int64
	gen    uint64 // the program the caches belong to
	// the current method's stores to each local or parameter name, in op order: the first op
	// position and the last, chained through next (built on first use in a method)
	stores      map[string][2]int32
	storeNext   []int32
	storesBuilt bool
	held        []int32 // the current method's new ops whose instance goes to a static field
}

// span is where a method's calls and arguments are in the summarizer's file arrays.
type span struct{ call0, call1, arg0, arg1 int }

var summarizers = sync.Pool{New: func() any {
	return &summarizer{stores: map[string][2]int32{}, names: map[string]uint32{}, fields: map[[2]string]uint32{}}
}}

// cacheMax bounds a summarizer's string caches.
const cacheMax = 1 << 14

func (s *summarizer) intern(str string) uint32 {
	if id, ok := s.names[str]; ok {
		return id
	}
	id, own, added := s.p.internStr(str)
	s.added += added
	if len(s.names) >= cacheMax {
		clear(s.names)
	}
	s.names[own] = id
	return id
}

// field returns the id of the field owner.name (an index in Program.fieldKeys); the name
// "owner.name" is never built.
func (s *summarizer) field(owner, name string) int32 {
	if id, ok := s.fields[[2]string{owner, name}]; ok {
		return int32(id)
	}
	oid, o, added := s.p.internStr(owner)
	s.added += added
	nid, n, added := s.p.internStr(name)
	s.added += added
	p := s.p
	k := [2]uint32{oid, nid}
	p.mu.Lock()
	id, ok := p.fieldIDs[k]
	if !ok {
		id = int32(len(p.fieldKeys))
		p.fieldKeys = append(p.fieldKeys, k)
		p.fieldIDs[k] = id
		s.added += fieldEntryBytes
	}
	p.mu.Unlock()
	if len(s.fields) >= cacheMax {
		clear(s.fields)
	}
	s.fields[[2]string{o, n}] = uint32(id) // keys in the program's copies
	return id
}

// fieldEntryBytes is about what a field id costs: its key and its map entry.
const fieldEntryBytes = 8 + 24

func col16(c int) uint16 {
	if c < 0 || c > 0xffff {
		return 0
	}
	return uint16(c)
}

// Summarize makes the compact summary of a file; the file's IR is not referenced afterwards.
func (p *Program) Summarize(f *ir.File, side uint8) *File {
	fs := &File{Path: strings.Clone(f.Path), Artifact: strings.Clone(f.Artifact), Side: side, Frontend: f.Frontend}
	s := summarizers.Get().(*summarizer)
	s.p, s.f, s.keepJ, s.added = p, f, jdk(f.Package+"."), 0
	if s.gen != p.gen {
		clear(s.names) // the caches hold another program's ids
		clear(s.fields)
		s.gen = p.gen
	}
	s.calls, s.args, s.spans, s.extras = s.calls[:0], s.args[:0], s.spans[:0], s.extras[:0]
	n := 0
	for _, c := range f.Classes {
		n += len(c.Methods)
	}
	// one array for the file's methods: one allocation, no per-object size rounding
	methods := make([]Method, n)
	classes := make([]Class, len(f.Classes))
	fs.Classes = make([]*Class, len(f.Classes))
	for ci := range classes {
		fs.Classes[ci] = &classes[ci]
	}
	p.mu.Lock()
	base := uint32(len(p.classList))
	p.classList = append(p.classList, fs.Classes...)
	p.mu.Unlock()
	n = 0
	for ci, c := range f.Classes {
		cs := &classes[ci]
		*cs = Class{File: fs, Name: s.intern(c.Name), Super: s.intern(c.Super), Mods: c.Mods, Line: int32(c.Line),
			idx: base + uint32(ci), m0: uint32(n), m1: uint32(n + len(c.Methods)), stackless: StacklessThrowable(c), weak: weakHolder(c)}
		for _, i := range c.Interfaces {
			cs.Interfaces = append(cs.Interfaces, s.intern(i))
		}
		for _, fd := range c.Fields {
			if fd.Mods.Has(ir.Static) && fd.Type.Dims == 0 && !fd.Type.Primitive() && fd.Type.Name != "" && !jdk(fd.Type.Name) && !fd.Mods.Has(ir.EnumConstant) {
				cs.holds = append(cs.holds, s.intern(fd.Type.Name))
			}
		}
		s.cls = cs
		for i, m := range c.Methods {
			s.method(&methods[n+i], cs, m)
		}
		n += len(c.Methods)
	}
	fs.methods = methods
	if len(s.calls) > 0 {
		fs.calls = append([]Call(nil), s.calls...)
	}
	if len(s.args) > 0 {
		fs.args = append([]Src(nil), s.args...)
	}
	if len(s.extras) > 0 {
		fs.extras = append([]methodExtra(nil), s.extras...)
		clear(s.extras)
	}
	for i := range methods {
		sp := s.spans[i]
		methods[i].c0, methods[i].c1 = uint32(sp.call0), uint32(sp.call1)
		methods[i].a0, methods[i].a1 = uint32(sp.arg0), uint32(sp.arg1)
	}
	fs.size = s.added + int64(unsafe.Sizeof(File{})) + int64(len(fs.Path)+len(fs.Artifact)) +
		int64(len(methods))*int64(unsafe.Sizeof(Method{})) + int64(len(classes))*int64(unsafe.Sizeof(Class{})+16) +
		int64(len(fs.calls))*int64(unsafe.Sizeof(Call{})) + int64(len(fs.args))*int64(unsafe.Sizeof(Src{}))
	for i := range fs.extras {
		x := &fs.extras[i]
		fs.size += int64(unsafe.Sizeof(*x)) + int64(len(x.NameSinks)+len(x.LoaderSinks)+len(x.Clears))*int64(unsafe.Sizeof(Sink{})) +
			int64(len(x.FieldStores))*int64(unsafe.Sizeof(FieldStore{})) + int64(len(x.PropKeys))*16
	}
	for i := range classes {
		fs.size += int64(len(classes[i].Interfaces)+len(classes[i].holds)+len(classes[i].makes)) * 4
	}
	s.p, s.f, s.m, s.out, s.cls = nil, nil, nil, nil, nil
	if cap(s.calls) > 1<<16 {
		s.calls, s.args, s.callAt, s.storeNext = nil, nil, nil, nil // a huge file's buffers are not kept
	}
	summarizers.Put(s)
	return fs
}

// mext returns the current method's side record, making it.
func (s *summarizer) mext() *methodExtra {
	if s.out.x == 0 {
		s.extras = append(s.extras, methodExtra{})
		s.out.x = int32(len(s.extras))
	}
	return &s.extras[s.out.x-1]
}

func (s *summarizer) method(out *Method, cs *Class, m *ir.Method) {
	*out = Method{cls: cs.idx, id: -1, lambdaOf: -1, loaderVia: -1, via: noVia, Name: s.intern(m.Name), Argc: int16(len(m.Params)), Static: m.Mods.Has(ir.Static),
		Synthetic: m.Mods.Has(ir.Synthetic) || strings.HasPrefix(m.Name, "lambda$"), Public: m.Mods.Has(ir.Public), Line: int32(m.Line), Returns: noSrc}
	for i, prm := range m.Params {
		if i < 16 && prm.Type.Is("java.lang.ClassLoader") {
			out.LoaderParams |= 1 << i
		}
	}
	s.m, s.out, s.storesBuilt = m, out, false
	if cap(s.callAt) < len(m.Ops) {
		s.callAt = make([]int32, len(m.Ops))
	}
	s.callAt = s.callAt[:len(m.Ops)]
	sp := span{call0: len(s.calls), arg0: len(s.args)}
	for i, op := range m.Ops {
		s.callAt[i] = -1
		if c, ok := s.keep(op); ok {
			s.callAt[i] = int32(len(s.calls) - sp.call0)
			s.calls = append(s.calls, c)
		}
	}
	// arguments once every call index is known (an argument may be an earlier call's result)
	for i, op := range m.Ops {
		if ci := s.callAt[i]; ci >= 0 {
			c := &s.calls[sp.call0+int(ci)]
			if c.Kind == CallRef && op.Kind == ir.OpLambda && len(op.Args) != int(c.Argc) {
				c.Argc = 0
			}
			// arguments past offset 65535 in a method are not kept (unknown)
			if off := len(s.args) - sp.arg0; off <= 0xffff {
				c.args = uint16(off)
				for a := 0; a < int(c.Argc) && a < len(op.Args) && a < 255; a++ {
					s.args = append(s.args, s.src(op.Args[a], op.Index, 0))
				}
				// arguments with no known source at the end are not kept (Args is shorter: unknown)
				for len(s.args) > sp.arg0+off && s.args[len(s.args)-1].empty() {
					s.args = s.args[:len(s.args)-1]
				}
				c.nargs = uint8(len(s.args) - sp.arg0 - off)
			}
		}
		s.direct(op)
	}
	for _, r := range m.Returns {
		out.Returns = out.Returns.merge(s.src(r, len(m.Ops), 0))
	}
	sp.call1, sp.arg1 = len(s.calls), len(s.args)
	s.spans = append(s.spans, sp)
	out.OnlySuper = onlySuper(m)
	// instances made for anything but a static field
	for _, op := range m.Ops {
		if op.Kind == ir.OpNew && !jdk(op.Owner) && !slices.Contains(s.held, int32(op.Index)) {
			if id := s.intern(op.Owner); !slices.Contains(cs.makes, id) {
				cs.makes = append(cs.makes, id)
			}
		}
	}
	s.held = s.held[:0]
}

// localStores calls fn, in op order, for each op before position before that stores to the local
// or parameter name; the per-name chains are built once per method.
func (s *summarizer) localStores(name string, before int, fn func(op *ir.Op)) {
	m := s.m
	if !s.storesBuilt {
		s.storesBuilt = true
		clear(s.stores)
		if cap(s.storeNext) < len(m.Ops) {
			s.storeNext = make([]int32, len(m.Ops))
		}
		s.storeNext = s.storeNext[:len(m.Ops)]
		for i, op := range m.Ops {
			if op.Store.Kind != ir.ValLocal && op.Store.Kind != ir.ValParam {
				continue
			}
			s.storeNext[i] = -1
			if fl, ok := s.stores[op.Store.Name]; ok {
				s.storeNext[fl[1]] = int32(i)
				s.stores[op.Store.Name] = [2]int32{fl[0], int32(i)}
			} else {
				s.stores[op.Store.Name] = [2]int32{int32(i), int32(i)}
			}
		}
	}
	fl, ok := s.stores[name]
	if !ok {
		return
	}
	for i := fl[0]; i >= 0; i = s.storeNext[i] {
		op := m.Ops[i]
		if op.Index >= before {
			return
		}
		fn(op)
	}
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
	return Call{Owner: s.intern(owner), Name: s.intern(name), Argc: int16(argc), Kind: kind, Line: int32(op.Line), Col: col16(op.Col)}, true
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
			s.mext().FieldStores = append(s.mext().FieldStores, FieldStore{Field: s.field(op.Owner, op.Name), Src: src})
			s.mext().LoaderSinks = append(s.mext().LoaderSinks, Sink{What: s.intern("static field " + ir.SimpleName(op.Owner) + "." + op.Name), Kind: SinkStatic, Src: src, Line: int32(op.Line), Col: int32(op.Col)})
		}
		if vop, _ := m.Origin(op.Val, op.Index); vop != nil && vop.Kind == ir.OpNew && !jdk(vop.Owner) {
			s.cls.holds = append(s.cls.holds, s.intern(vop.Owner))
			s.held = append(s.held, int32(vop.Index))
			if LazyNewCandidate(m, op, vop) {
				s.mext().LazyNews = append(s.mext().LazyNews, LazyNew{Class: s.intern(vop.Owner), Field: s.intern(op.Name), Line: int32(op.Line), Col: int32(op.Col)})
			}
		}
		return
	case ir.OpPutField:
		src := s.src(op.Val, op.Index, 0)
		if _, v := m.Origin(op.Val, op.Index); v.Kind == ir.ValParam && v.Index >= 0 && v.Index < len(m.Params) &&
			m.Params[v.Index].Type.Is("java.lang.ClassLoader") && !m.Assigns(v.Name) {
			src.Loader |= LoaderPassed // a setter or constructor storing the loader its caller gave, as given
		}
		if src.Loader != 0 || src.Call >= 0 {
			s.mext().FieldStores = append(s.mext().FieldStores, FieldStore{Field: s.field(op.Owner, op.Name), Src: src})
		}
		return
	case ir.OpCall, ir.OpNew:
	default:
		return
	}
	if op.Kind == ir.OpCall && op.Name == "clear" && op.Argc == 0 && !op.Static {
		if f := ownInstanceField(m, op.Recv, op.Index); f != "" {
			s.mext().Clears = append(s.mext().Clears, Sink{What: s.intern(ir.SimpleName(m.Class.Name) + "." + f), Line: int32(op.Line), Col: int32(op.Col)})
		}
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
		if len(op.Args) > 0 && op.Args[0].Kind == ir.ValConst && (out.x == 0 || len(s.extras[out.x-1].PropKeys) < 8) {
			s.mext().PropKeys = append(s.mext().PropKeys, strings.Clone(op.Args[0].Const))
		}
	case op.Kind == ir.OpNew && op.Owner == "java.io.ObjectInputStream":
		out.Effects |= EffDefaultDeserial
	case op.Kind == ir.OpCall && op.Owner == "java.lang.Thread" && op.Name == "getContextClassLoader",
		op.Kind == ir.OpCall && op.Owner == "java.util.ServiceLoader" && op.Name == "load" && op.Argc == 1:
		out.Effects |= EffReadsContext
	}
	if ns, ok := nameSinks[key]; ok && op.Kind == ir.OpCall && (op.Argc == ns.argc || ns.argc == -2 && (op.Argc == 1 || op.Argc == 2)) && len(op.Args) > 0 {
		if !(ns.argc == -2 && op.Argc == 2 && len(op.Args) == 2 && op.Args[1].Type == "java.lang.ClassLoader") && !systemFallback(m, op) {
			s.mext().NameSinks = append(s.mext().NameSinks, Sink{What: s.intern(ns.what), Src: s.src(op.Args[0], op.Index, 0), Line: int32(op.Line), Col: int32(op.Col)})
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
			s.mext().LoaderSinks = append(s.mext().LoaderSinks, Sink{What: s.intern(ls.what), Kind: ls.kind, Src: src, Line: int32(op.Line), Col: int32(op.Col)})
		}
		return
	}
	if op.Kind == ir.OpCall && collectionAdds[op.Name] && (op.Recv.Kind == ir.ValField || op.Recv.Kind == ir.ValResult) {
		if fieldOf(m, op.Recv, op.Index) {
			for _, a := range op.Args {
				if src := s.src(a, op.Index, 0); src.Loader != 0 || src.Call >= 0 || src.Params != 0 {
					s.mext().LoaderSinks = append(s.mext().LoaderSinks, Sink{What: s.intern("loader collection " + op.Name), Kind: SinkCollection, Src: src, Line: int32(op.Line), Col: int32(op.Col)})
					break
				}
			}
		}
	}
}

// ownInstanceField returns the name of the instance field of m's class (or an outer class) a
// value is read from, "" when it is not one.
func ownInstanceField(m *ir.Method, v ir.Value, before int) string {
	owner, name := "", ""
	if v.Kind == ir.ValField && !v.Static {
		owner, name = v.Owner, v.Name
	} else if op, _ := m.Origin(v, before); op != nil && op.Kind == ir.OpGetField && (op.Recv.Kind == ir.ValThis || op.Recv.Kind == ir.ValUnknown) {
		owner, name = op.Owner, op.Name
	}
	if name == "" || owner != "" && owner != m.Class.Name {
		return ""
	}
	if f := m.Class.Field(name); f == nil || f.Mods.Has(ir.Static) || f.Type.Primitive() {
		return ""
	}
	return name
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
		s.localStores(v.Name, before, func(op *ir.Op) { out = out.merge(s.opSrc(op, depth)) })
	case ir.ValResult:
		if v.Op >= 0 && v.Op < len(m.Ops) {
			out = s.opSrc(m.Ops[v.Op], depth)
		}
	case ir.ValField:
		out.Field = s.field(v.Owner, v.Name)
	}
	return out
}

func (s *summarizer) opSrc(op *ir.Op, depth int) Src {
	out := noSrc
	m := s.m
	switch {
	case op.Kind == ir.OpGetField || op.Kind == ir.OpGetStatic:
		out.Field = s.field(op.Owner, op.Name)
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
	src, v := m.Origin(op.Recv, op.Index)
	if src != nil && src.Name == "getClass" && len(src.Args) == 0 {
		if src.Recv.Kind == ir.ValThis || src.Recv.Kind == ir.ValUnknown && src.Owner == "java.lang.Object" && !src.Static {
			return LoaderOwn
		}
		return LoaderArgClass
	}
	if v.Kind == ir.ValParam {
		return LoaderParamClass
	}
	return 0
}
