package classfile

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/kompat/kompat/rules/ir"
)

// lowerClass turns a parsed class into a one-class ir.File (Frontend ir.Bytecode). path is the
// display path (for jar entries the whole chain) and artifact the containing jar's g:a:v, if
// any. A module-info class gives a file with no classes. lowerClass reads cf's Code slices, so the
// bytes cf was parsed from must still be valid; the result does not alias them.
func lowerClass(cf *ClassFile, path, artifact string) (*ir.File, error) {
	// the walker's scratch state (stack, marks, caches) is pooled; its arenas are not, since
	// the ops cut from them belong to the returned file
	w, _ := walkers.Get().(*walker)
	if w == nil {
		w = &walker{}
	}
	w.opArena, w.argArena, w.ptrArena = nil, nil, nil
	if len(w.types) > 4096 {
		clear(w.types)
	}
	f, err := lower(cf, path, artifact, w)
	w.opArena, w.argArena, w.ptrArena = nil, nil, nil
	w.cf, w.cls, w.params, w.curLocals = nil, nil, nil, nil
	walkers.Put(w)
	return f, err
}

var walkers sync.Pool

func lower(cf *ClassFile, path, artifact string, w *walker) (*ir.File, error) {
	f := &ir.File{Path: path, Frontend: ir.Bytecode, Artifact: artifact}
	name := dotName(cf.Name)
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		f.Package = name[:i]
	}
	if cf.Access&accModule != 0 {
		return f, nil
	}
	c := &ir.Class{File: f, Name: name, Super: dotName(cf.Super)}
	if c.Super == "" && name != "java.lang.Object" {
		c.Super = "java.lang.Object"
	}
	for _, i := range cf.Interfaces {
		c.Interfaces = append(c.Interfaces, dotName(i))
	}
	acc := cf.Access
	for _, ic := range cf.inner {
		if ic.Inner == cf.Name {
			acc = ic.Access | acc&accSynthetic
			c.Outer = dotName(ic.Outer)
			c.Anonymous = ic.Name == ""
		}
	}
	c.Enclosing = cf.EnclosingMethod
	if c.Outer == "" && cf.EnclosingClass != "" {
		c.Outer = dotName(cf.EnclosingClass)
	}
	c.Mods = classMods(acc)
	if c.Super == "java.lang.Record" {
		c.Mods |= ir.Record
	}
	c.Annotations = lowerAnnotations(cf.annotations)
	f.Classes = []*ir.Class{c}

	c.Fields = make([]*ir.Field, len(cf.fields))
	for i := range cf.fields {
		c.Fields[i] = lowerField(cf, c, &cf.fields[i])
	}
	w.cf, w.cls = cf, c
	w.gen++
	if w.gen == 0 { // wrapped: forget everything
		clear(w.refs)
		w.gen = 1
	}
	c.Methods = make([]*ir.Method, 0, len(cf.methods))
	for i := range cf.methods {
		m, err := w.method(&cf.methods[i])
		if err != nil {
			return nil, fmt.Errorf("lower %s.%s%s: %w", name, cf.methods[i].Name, cf.methods[i].Desc, err)
		}
		c.Methods = append(c.Methods, m)
		if m.Line > 0 && (c.Line == 0 || m.Line < c.Line) {
			c.Line = m.Line
		}
	}
	linkFieldInits(c)
	return f, nil
}

// ParseAndLower parses class bytes and lowers them (see Parse and lowerClass).
func ParseAndLower(data []byte, path, artifact string) (*ir.File, error) {
	// the parsed class is dropped after lowering, so its constant pool's tables can be reused
	p, _ := pools.Get().(*pool)
	if p == nil {
		p = &pool{}
	}
	defer func() {
		p.data = nil
		pools.Put(p)
	}()
	cf, err := parseLimits(data, defaultLimits, p)
	if err != nil {
		return nil, err
	}
	return lowerClass(cf, path, artifact)
}

var pools sync.Pool

func classMods(a uint16) ir.Mods {
	var m ir.Mods
	if a&accPublic != 0 {
		m |= ir.Public
	}
	if a&accPrivate != 0 {
		m |= ir.Private
	}
	if a&accProtected != 0 {
		m |= ir.Protected
	}
	if a&accStatic != 0 {
		m |= ir.Static
	}
	if a&accFinal != 0 {
		m |= ir.Final
	}
	if a&accInterface != 0 {
		m |= ir.Interface
	}
	if a&accAbstract != 0 && a&accInterface == 0 {
		m |= ir.Abstract
	}
	if a&accSynthetic != 0 {
		m |= ir.Synthetic
	}
	if a&accAnnotation != 0 {
		m |= ir.AnnotationType
	}
	if a&accEnum != 0 {
		m |= ir.Enum
	}
	return m
}

func fieldMods(a uint16) ir.Mods {
	m := classMods(a &^ (accInterface | accAbstract | accAnnotation | accEnum))
	if a&accVolatile != 0 {
		m |= ir.Volatile
	}
	if a&accTransient != 0 {
		m |= ir.Transient
	}
	if a&accEnum != 0 {
		m |= ir.EnumConstant
	}
	return m
}

func methodMods(a uint16) ir.Mods {
	m := classMods(a &^ (accInterface | accAnnotation | accEnum | accAbstract))
	if a&accAbstract != 0 {
		m |= ir.Abstract
	}
	if a&accSynchronized != 0 {
		m |= ir.Synchronized
	}
	if a&accNative != 0 {
		m |= ir.Native
	}
	if a&accBridge != 0 {
		m |= ir.Synthetic
	}
	return m
}

func lowerAnnotations(as []annotation) []ir.Annotation {
	if len(as) == 0 {
		return nil
	}
	out := make([]ir.Annotation, len(as))
	for i, a := range as {
		out[i] = ir.Annotation{Type: typeName(a.Type), Values: a.Values}
	}
	return out
}

func lowerField(cf *ClassFile, c *ir.Class, fm *member) *ir.Field {
	f := &ir.Field{Class: c, Name: fm.Name, Mods: fieldMods(fm.Access), Annotations: lowerAnnotations(fm.Annotations)}
	if t, _, ok := fieldType(fm.Desc); ok {
		f.Type = t
	}
	if fm.Signature != "" {
		if st, ok := fieldSignature(fm.Signature); ok {
			f.Type = withSignature(f.Type, st)
		}
	}
	if fm.ConstantValue != 0 {
		if s, err := cf.cpool.ConstString(fm.ConstantValue); err == nil {
			f.Init = &ir.Value{Kind: ir.ValConst, Const: s, Type: f.Type.Name}
		}
	}
	return f
}

// linkFieldInits sets Field.Init/InitOp/Line from the first put of each field in <clinit>
// (static) or a constructor (instance, on this).
func linkFieldInits(c *ir.Class) {
	byName := make(map[string]*ir.Field, len(c.Fields))
	for _, f := range c.Fields {
		if _, dup := byName[f.Name]; !dup {
			byName[f.Name] = f
		}
	}
	for _, m := range c.Methods {
		static := m.Name == "<clinit>"
		if !static && m.Name != "<init>" {
			continue
		}
		for _, op := range m.Ops {
			if op.Owner != c.Name {
				continue
			}
			if static && op.Kind != ir.OpPutStatic || !static && (op.Kind != ir.OpPutField || op.Recv.Kind != ir.ValThis) {
				continue
			}
			f := byName[op.Name]
			if f == nil {
				continue
			}
			if f.Line == 0 {
				f.Line = op.Line
			}
			if f.Init != nil {
				continue // the first put wins; a ConstantValue attribute already names the value
			}
			v := op.Val
			f.Init = &v
			if v.Kind == ir.ValResult && v.Op >= 0 && v.Op < len(m.Ops) {
				f.InitOp = m.Ops[v.Op]
			}
		}
	}
}

// slot is one symbolic stack slot. Long and double values take two slots (the second is a filler).
type slot struct {
	v       ir.Value
	newPC   int32 // pc of the `new` that made this uninitialized object, -1 otherwise
	newLine int32
}

type saved struct {
	target int
	from   int // index in walker.arena
	n      int
}

type walker struct {
	cf  *ClassFile
	cls *ir.Class

	// per-method state, reused
	stack     []slot
	arena     []slot
	saves     []saved
	marks     []uint8  // per pc: markTarget | markHandler | markCatchAny | markInsn
	loops     [][2]int // [target, branch pc] of each backward branch: the loops of the method
	lines     []lineEntry
	params    []ir.Param
	ptypes    []string
	paramSlot []int
	lvTypes   []string
	curLocals []localVar
	refs      []cachedRef // by constant-pool index; entries of an older gen are stale
	gen       uint32
	types     map[string]string

	// arenas: chunks that ops, arguments and op lists are cut from; a Decoder rewinds them
	opArena  []ir.Op
	argArena []ir.Value
	ptrArena []*ir.Op
}

// arena hands out n-element slices (length 0, capacity n) of a reusable chunk, starting a new
// chunk when the current one is full; earlier slices stay valid.
func arena[T any](chunk *[]T, n int) []T {
	if cap(*chunk)-len(*chunk) < n {
		*chunk = make([]T, 0, max(n, 2*cap(*chunk), 64))
	}
	c := *chunk
	s := c[len(c) : len(c) : len(c)+n]
	*chunk = c[:len(c)+n]
	return s
}

func (w *walker) takeOps(n int) []ir.Op     { return arena(&w.opArena, n) }
func (w *walker) takeArgs(n int) []ir.Value { return arena(&w.argArena, n) }
func (w *walker) takePtrs(n int) []*ir.Op   { return arena(&w.ptrArena, n) }

// Decoder parses and lowers class files, reusing its buffers from one class to the next: it
// allocates far less than Parse+lowerClass, but the *ir.File it returns (its ops, their arguments
// and op lists) is only valid until the next Decode call. Strings are never reused, so copying
// them out of the model is safe. A Decoder belongs to one goroutine.
type Decoder struct {
	limits limits // zero means defaultLimits
	w      walker
	pool   pool
}

// Decode parses data and lowers it as lowerClass does.
func (d *Decoder) Decode(data []byte, path, artifact string) (*ir.File, error) {
	lim := d.limits
	if lim == (limits{}) {
		lim = defaultLimits
	}
	cf, err := parseLimits(data, lim, &d.pool)
	if err != nil {
		return nil, err
	}
	w := &d.w
	w.opArena, w.argArena, w.ptrArena = w.opArena[:0], w.argArena[:0], w.ptrArena[:0]
	if len(w.types) > 4096 {
		clear(w.types)
	}
	return lower(cf, path, artifact, w)
}

const (
	markTarget = 1 << iota
	markHandler
	markCatchAny
	markInsn
)

var localNames = func() []string {
	s := make([]string, 256)
	for i := range s {
		s[i] = "local#" + strconv.Itoa(i)
	}
	return s
}()

var smallInts = func() []string {
	s := make([]string, 256)
	for i := range s {
		s[i] = strconv.Itoa(i - 128)
	}
	return s
}()

func intConst(v int) string {
	if v >= -128 && v < 128 {
		return smallInts[v+128]
	}
	return strconv.Itoa(v)
}

func (w *walker) typeOf(desc string) string {
	if t, ok := w.types[desc]; ok {
		return t
	}
	if w.types == nil {
		w.types = make(map[string]string)
	}
	t := typeName(desc)
	w.types[desc] = t
	return t
}

func (w *walker) retType(desc string) string {
	i := strings.LastIndexByte(desc, ')')
	if i < 0 || i+1 >= len(desc) || desc[i+1] == 'V' {
		return ""
	}
	return w.typeOf(desc[i+1:])
}

// ref resolves a member reference once per class and caches it with its "Owner.Name" text.
func (w *walker) ref(cp uint16) (*cachedRef, error) {
	if int(cp) < len(w.refs) && w.refs[cp].gen == w.gen {
		return &w.refs[cp], nil
	}
	r, err := w.cf.cpool.MemberRef(cp)
	if err != nil {
		return nil, err
	}
	if n := w.cf.cpool.Len(); len(w.refs) < n {
		if cap(w.refs) >= n {
			w.refs = w.refs[:n]
		} else {
			w.refs = make([]cachedRef, n)
		}
	}
	c := &w.refs[cp]
	*c = cachedRef{memberRef: r, text: r.Owner + "." + r.Name, typ: w.typeOf(r.Desc), gen: w.gen}
	if r.Tag != tagFieldref {
		c.typ = ""
		c.argc, c.argSlots, c.retSlots, c.shapeOK = argShape(r.Desc)
	}
	return c, nil
}

type cachedRef struct {
	memberRef
	text, typ                string
	argc, argSlots, retSlots int
	shapeOK                  bool
	gen                      uint32 // valid when equal to walker.gen
}

func (w *walker) method(mm *member) (*ir.Method, error) {
	m := &ir.Method{Class: w.cls, Name: mm.Name, Mods: methodMods(mm.Access), Annotations: lowerAnnotations(mm.Annotations)}
	static := mm.Access&accStatic != 0
	ptypes, ret, ok := methodType(mm.Desc)
	if !ok {
		return nil, formatErr("bad method descriptor %q", mm.Desc)
	}
	m.Return = ret
	if mm.Signature != "" {
		if sp, sr, ok := methodSignature(mm.Signature); ok {
			m.Return = withSignature(ret, sr)
			if len(sp) == len(ptypes) {
				for i := range ptypes {
					ptypes[i] = withSignature(ptypes[i], sp[i])
				}
			}
		}
	}
	for _, e := range mm.Exceptions {
		m.Throws = append(m.Throws, dotName(e))
	}
	// parameters and the local slot each one lives in
	w.paramSlot = w.paramSlot[:0]
	s := 0
	if !static {
		s = 1
	}
	m.Params = make([]ir.Param, len(ptypes))
	for i, t := range ptypes {
		p := &m.Params[i]
		p.Type = t
		if i < len(mm.ParamNames) && mm.ParamNames[i] != "" {
			p.Name = mm.ParamNames[i]
		}
		if i < len(mm.ParamAnnotations) {
			p.Annotations = lowerAnnotations(mm.ParamAnnotations[i])
		}
		w.paramSlot = append(w.paramSlot, s)
		s++
		if t.Dims == 0 && (t.Name == "long" || t.Name == "double") {
			s++
		}
	}
	code := mm.Code
	if code != nil {
		for i := range m.Params {
			if m.Params[i].Name != "" {
				continue
			}
			for _, lv := range code.Locals {
				if lv.Start == 0 && int(lv.Slot) == w.paramSlot[i] {
					m.Params[i].Name = lv.Name
					break
				}
			}
		}
	}
	for i := range m.Params {
		if m.Params[i].Name == "" {
			m.Params[i].Name = "arg#" + strconv.Itoa(i)
		}
	}
	if code == nil {
		return m, nil
	}
	w.params = m.Params
	w.ptypes = w.ptypes[:0]
	for _, p := range m.Params {
		w.ptypes = append(w.ptypes, p.Type.String())
	}
	if err := w.walk(m, code, static); err != nil {
		return nil, err
	}
	return m, nil
}

// prepare decodes instruction boundaries, marks branch targets and handler starts, sorts the
// line table and counts ops and call arguments so they can be allocated in one block.
func (w *walker) prepare(code *codeAttr) (nops int, err error) {
	bc := code.Code
	if cap(w.marks) < len(bc) {
		w.marks = make([]uint8, len(bc))
	}
	w.marks = w.marks[:len(bc)]
	clear(w.marks)
	w.loops = w.loops[:0]
	for pc := 0; pc < len(bc); {
		n := insnLen(bc, pc)
		if n == 0 {
			return 0, formatErr("bad instruction %#02x at pc %d", bc[pc], pc)
		}
		w.marks[pc] |= markInsn
		op := bc[pc]
		switch {
		case op >= opGetstatic && op <= opPutfield, op == opMonitorenter:
			nops++
		case op >= opInvokevirtual && op <= opInvokedynamic:
			nops++
		}
		branchTargets(bc, pc, n, func(t int) {
			if t < 0 || t >= len(bc) {
				if err == nil {
					err = formatErr("branch target %d out of range at pc %d", t, pc)
				}
				return
			}
			w.marks[t] |= markTarget
			if t <= pc && op != opJsr && op != opJsrW {
				w.loops = append(w.loops, [2]int{t, pc})
			}
		})
		pc += n
	}
	if err != nil {
		return 0, err
	}
	for _, h := range code.Handlers {
		if int(h.PC) >= len(bc) || w.marks[h.PC]&markInsn == 0 {
			return 0, formatErr("exception handler pc %d is not an instruction", h.PC)
		}
		w.marks[h.PC] |= markHandler
		if h.CatchType == 0 {
			w.marks[h.PC] |= markCatchAny
		}
	}
	for pc := range w.marks {
		if w.marks[pc]&markTarget != 0 && w.marks[pc]&markInsn == 0 {
			return 0, formatErr("branch into the middle of an instruction at pc %d", pc)
		}
	}
	w.lines = append(w.lines[:0], code.Lines...)
	if !sort.SliceIsSorted(w.lines, func(i, j int) bool { return w.lines[i].PC < w.lines[j].PC }) {
		sort.SliceStable(w.lines, func(i, j int) bool { return w.lines[i].PC < w.lines[j].PC })
	}
	if cap(w.lvTypes) < len(code.Locals) {
		w.lvTypes = make([]string, len(code.Locals))
	}
	w.lvTypes = w.lvTypes[:len(code.Locals)]
	clear(w.lvTypes)
	return nops, nil
}

const (
	maxStackSlots = 1024
	maxSavedDepth = 32
	maxSaves      = 256
)

func (w *walker) push(v ir.Value, wide bool) {
	if len(w.stack) >= maxStackSlots {
		w.stack = w.stack[:0]
	}
	w.stack = append(w.stack, slot{v: v, newPC: -1})
	if wide {
		w.stack = append(w.stack, slot{newPC: -1})
	}
}

func (w *walker) pushUnknown(typ string, wide bool) { w.push(ir.Value{Type: typ}, wide) }

// pop removes n slots and returns the lowest one (the value of a wide pair).
func (w *walker) pop(n int) slot {
	if n <= 0 {
		return slot{newPC: -1}
	}
	if len(w.stack) < n {
		w.stack = w.stack[:0]
		return slot{newPC: -1}
	}
	s := w.stack[len(w.stack)-n]
	w.stack = w.stack[:len(w.stack)-n]
	return s
}

func (w *walker) popN(n int) {
	if len(w.stack) < n {
		w.stack = w.stack[:0]
		return
	}
	w.stack = w.stack[:len(w.stack)-n]
}

// save records the stack for a forward branch target when it is not empty.
func (w *walker) save(target, pc int) {
	// javac leaves a value on the stack across a branch only for ?: and switch expressions;
	// bounding depth and count keeps hostile code linear (an unsaved target resets the stack)
	if target <= pc || len(w.stack) == 0 || len(w.stack) > maxSavedDepth || len(w.saves) >= maxSaves {
		return
	}
	w.saves = append(w.saves, saved{target: target, from: len(w.arena), n: len(w.stack)})
	w.arena = append(w.arena, w.stack...)
}

// arrive merges the stack at a branch target: after an unconditional jump the saved stack is
// taken; on fall-through equal-depth stacks are merged slot by slot (differing values become
// unknown); otherwise the current stack stays.
func (w *walker) arrive(pc int, fallsThrough bool) {
	found := false
	for _, s := range w.saves {
		if s.target != pc {
			continue
		}
		in := w.arena[s.from : s.from+s.n]
		if !fallsThrough && !found {
			w.stack = append(w.stack[:0], in...)
			found = true
			continue
		}
		if len(in) != len(w.stack) {
			continue
		}
		for i := range in {
			if in[i].v != w.stack[i].v {
				w.stack[i] = slot{v: ir.Value{Type: w.stack[i].v.Type}, newPC: -1}
			}
		}
	}
	if !fallsThrough && !found {
		w.stack = w.stack[:0]
	}
}

func (w *walker) lvIndex(slotN, pc int) int {
	for i, lv := range w.curLocals {
		if int(lv.Slot) == slotN && pc >= int(lv.Start) && pc < int(lv.Start)+int(lv.Length) {
			return i
		}
	}
	return -1
}

// local returns the value of reading local variable slotN at pc.
func (w *walker) local(slotN, pc int, static bool) ir.Value {
	if !static && slotN == 0 {
		return ir.Value{Kind: ir.ValThis, Type: w.cls.Name}
	}
	for i, ps := range w.paramSlot {
		if ps == slotN {
			return ir.Value{Kind: ir.ValParam, Name: w.params[i].Name, Index: i, Type: w.ptypes[i]}
		}
	}
	return w.localVar(slotN, pc, pc)
}

func (w *walker) localVar(slotN, pc, pc2 int) ir.Value {
	i := w.lvIndex(slotN, pc)
	if i < 0 && pc2 != pc {
		i = w.lvIndex(slotN, pc2)
	}
	if i < 0 {
		name := ""
		if slotN < len(localNames) {
			name = localNames[slotN]
		} else {
			name = "local#" + strconv.Itoa(slotN)
		}
		return ir.Value{Kind: ir.ValLocal, Name: name}
	}
	if w.lvTypes[i] == "" {
		w.lvTypes[i] = w.typeOf(w.curLocals[i].Desc)
	}
	return ir.Value{Kind: ir.ValLocal, Name: w.curLocals[i].Name, Type: w.lvTypes[i]}
}
