package classfile

import (
	"math"
	"strconv"

	"github.com/kompat/kompat/rules/ir"
)

type opKey struct {
	kind        ir.OpKind
	owner, name string
	line        int
}

// walk runs the symbolic stack over one method body and appends its ops to m.Ops.
func (w *walker) walk(m *ir.Method, code *codeAttr, static bool) error {
	nops, err := w.prepare(code)
	if err != nil {
		return err
	}
	bc := code.Code
	pool := w.cf.cpool
	w.curLocals = code.Locals
	w.stack = w.stack[:0]
	w.arena = w.arena[:0]
	w.saves = w.saves[:0]
	block := w.takeOps(nops)
	m.Ops = w.takePtrs(nops)
	li, line := 0, 0
	inFinally, anyFinally := false, false
	fallsThrough := true

	curPC := 0
	emit := func(op ir.Op) *ir.Op {
		op.Index = len(m.Ops)
		op.Line = line
		op.InFinally = inFinally
		for _, lp := range w.loops {
			if curPC >= lp[0] && curPC <= lp[1] {
				op.InLoop = true
				break
			}
		}
		if len(block) == cap(block) { // only on malformed counts; keep pointers stable
			block = make([]ir.Op, 0, 8)
		}
		block = append(block, op)
		p := &block[len(block)-1]
		m.Ops = append(m.Ops, p)
		return p
	}
	setStore := func(v, to ir.Value) {
		switch {
		case v.Kind == ir.ValResult && v.Op >= 0 && v.Op < len(m.Ops) && m.Ops[v.Op].Store.Kind == ir.ValUnknown:
			m.Ops[v.Op].Store = to
		case v.Kind == ir.ValField && to.Kind == ir.ValLocal && len(m.Ops) > 0:
			// `T x = f;`: getfield/getstatic then astore; the read op holds the local, as the
			// source frontend records it
			if last := m.Ops[len(m.Ops)-1]; (last.Kind == ir.OpGetField || last.Kind == ir.OpGetStatic) &&
				last.Owner == v.Owner && last.Name == v.Name && last.Store.Kind == ir.ValUnknown {
				last.Store = to
			}
		case to.Kind == ir.ValLocal && (v.Kind == ir.ValLocal || v.Kind == ir.ValParam) && v.Name != to.Name,
			to.Kind == ir.ValLocal && v.Literal():
			m.Copies = append(m.Copies, ir.Copy{To: to.Name, From: v, At: len(m.Ops)})
		}
	}

	for pc := 0; pc < len(bc); {
		curPC = pc
		mark := w.marks[pc]
		if mark&markHandler != 0 {
			w.stack = w.stack[:0]
			w.push(ir.Value{Type: "java.lang.Throwable"}, false)
			if mark&markCatchAny != 0 {
				inFinally, anyFinally = true, true
			}
		} else if mark&markTarget != 0 {
			w.arrive(pc, fallsThrough)
		} else if !fallsThrough {
			w.stack = w.stack[:0]
		}
		for li < len(w.lines) && int(w.lines[li].PC) <= pc {
			line = int(w.lines[li].Line)
			li++
		}
		n := insnLen(bc, pc)
		op := bc[pc]
		fallsThrough = true
		switch {
		case op == 0: // nop
		case op == opAconstNull:
			w.push(ir.Value{Kind: ir.ValNull}, false)
		case op >= opIconstM1 && op <= opIconst5:
			w.push(ir.Value{Kind: ir.ValConst, Const: intConst(int(op) - 3), Type: "int"}, false)
		case op == opLconst0 || op == opLconst1:
			w.push(ir.Value{Kind: ir.ValConst, Const: intConst(int(op - opLconst0)), Type: "long"}, true)
		case op >= opFconst0 && op <= opFconst2:
			w.push(ir.Value{Kind: ir.ValConst, Const: intConst(int(op - opFconst0)), Type: "float"}, false)
		case op == opDconst0 || op == opDconst1:
			w.push(ir.Value{Kind: ir.ValConst, Const: intConst(int(op - opDconst0)), Type: "double"}, true)
		case op == opBipush:
			w.push(ir.Value{Kind: ir.ValConst, Const: intConst(int(int8(bc[pc+1]))), Type: "int"}, false)
		case op == opSipush:
			w.push(ir.Value{Kind: ir.ValConst, Const: intConst(s16(bc, pc+1)), Type: "int"}, false)
		case op == opLdc || op == opLdcW || op == opLdc2W:
			idx := uint16(bc[pc+1])
			if op != opLdc {
				idx = u16(bc, pc+1)
			}
			v, wide, err := w.ldc(idx)
			if err != nil {
				return err
			}
			if v.Kind == ir.ValClassLit && v.Type != "" {
				m.NoteClassLit(v.Type)
			}
			w.push(v, wide)
		case op >= opIload && op <= opAload:
			w.push(w.local(int(bc[pc+1]), pc, static), op == opIload+1 || op == opIload+3)
		case op >= opIload0 && op <= opAload3:
			k := int(op - opIload0)
			w.push(w.local(k%4, pc, static), k/4 == 1 || k/4 == 3)
		case op >= opIaload && op <= opSaload:
			w.popN(2)
			wide := op == opIaload+1 || op == opIaload+3
			w.pushUnknown("", wide)
		case op >= opIstore && op <= opAstore:
			w.store(int(bc[pc+1]), pc, n, op == opIstore+1 || op == opIstore+3, static, setStore)
		case op >= opIstore0 && op <= opAstore3:
			k := int(op - opIstore0)
			w.store(k%4, pc, n, k/4 == 1 || k/4 == 3, static, setStore)
		case op >= opIastore && op <= opSastore:
			if op == opIastore+1 || op == opIastore+3 {
				w.popN(4)
			} else {
				w.popN(3)
			}
		case op == opPop:
			w.popN(1)
		case op == opPop2:
			w.popN(2)
		case op >= opDup && op <= opSwap:
			w.stackOp(op)
		case op >= opIadd && op <= opLxor:
			w.arith(op)
		case op == opIinc:
		case op >= opI2l && op <= opI2s:
			w.convert(op)
		case op >= opLcmp && op <= opDcmpg:
			if op == opLcmp || op >= opDcmpg-1 {
				w.popN(4)
			} else {
				w.popN(2)
			}
			w.pushUnknown("int", false)
		case op >= opIfeq && op <= opIfle, op == opIfnull, op == opIfnonnull:
			w.popN(1)
			w.save(pc+s16(bc, pc+1), pc)
		case op >= opIfIcmpeq && op <= opIfAcmpne:
			w.popN(2)
			w.save(pc+s16(bc, pc+1), pc)
		case op == opGoto:
			w.save(pc+s16(bc, pc+1), pc)
			fallsThrough = false
		case op == opGotoW:
			w.save(pc+s32(bc, pc+1), pc)
			fallsThrough = false
		case op == opJsr || op == opJsrW:
			w.pushUnknown("", false)
			fallsThrough = false
		case op == opRet:
			fallsThrough = false
		case op == opTableswitch || op == opLookupswitch:
			w.popN(1)
			branchTargets(bc, pc, n, func(t int) { w.save(t, pc) })
			fallsThrough = false
		case op >= opIreturn && op <= opReturn:
			if op == opAreturn && len(w.stack) > 0 {
				m.Returns = append(m.Returns, w.stack[len(w.stack)-1].v)
			}
			w.stack = w.stack[:0]
			fallsThrough = false
			inFinally = false // a finally block that returns ends here
		case op == opAthrow:
			w.stack = w.stack[:0]
			fallsThrough = false
			inFinally = false
		case op >= opGetstatic && op <= opPutfield:
			ref, err := w.ref(u16(bc, pc+1))
			if err != nil {
				return err
			}
			if ref.Tag != tagFieldref {
				return formatErr("field instruction on constant-pool entry with tag %d at pc %d", ref.Tag, pc)
			}
			wide := ref.Desc == "J" || ref.Desc == "D"
			fv := ir.Value{Kind: ir.ValField, Owner: ref.Owner, Name: ref.Name, Type: ref.typ}
			o := ir.Op{Owner: ref.Owner, Name: ref.Name, Desc: ref.Desc, Text: ref.text}
			switch op {
			case opGetstatic:
				o.Kind, o.Static = ir.OpGetStatic, true
				fv.Static = true
				emit(o)
				w.push(fv, wide)
			case opPutstatic:
				o.Kind, o.Static = ir.OpPutStatic, true
				fv.Static = true
				o.Val = w.popValue(wide)
				emit(o)
				setStore(o.Val, fv)
			case opGetfield:
				o.Kind = ir.OpGetField
				o.Recv = w.pop(1).v
				emit(o)
				w.push(fv, wide)
			case opPutfield:
				o.Kind = ir.OpPutField
				o.Val = w.popValue(wide)
				o.Recv = w.pop(1).v
				emit(o)
				setStore(o.Val, fv)
			}
		case op >= opInvokevirtual && op <= opInvokeinterface:
			ref, err := w.ref(u16(bc, pc+1))
			if err != nil {
				return err
			}
			if ref.Tag == tagFieldref || !ref.shapeOK {
				return formatErr("bad method reference %s.%s%s at pc %d", ref.Owner, ref.Name, ref.Desc, pc)
			}
			argc, retSlots := ref.argc, ref.retSlots
			o := ir.Op{Kind: ir.OpCall, Owner: ref.Owner, Name: ref.Name, Desc: ref.Desc, Argc: argc,
				Static: op == opInvokestatic, Text: ref.text}
			o.Args = w.popArgs(argc, ref.Desc)
			if op == opInvokestatic {
				p := emit(o)
				w.pushResult(p.Index, ref.Desc, retSlots)
				break
			}
			recv := w.pop(1)
			if op == opInvokespecial && ref.Name == "<init>" && recv.newPC >= 0 {
				o.Kind = ir.OpNew
				saveLine := line
				line = int(recv.newLine)
				p := emit(o)
				line = saveLine
				res := ir.Value{Kind: ir.ValResult, Op: p.Index, Type: ref.Owner}
				for i := range w.stack {
					if w.stack[i].newPC == recv.newPC {
						w.stack[i] = slot{v: res, newPC: -1}
					}
				}
				break
			}
			o.Recv = recv.v
			p := emit(o)
			w.pushResult(p.Index, ref.Desc, retSlots)
		case op == opInvokedynamic:
			if err := w.indy(u16(bc, pc+1), emit); err != nil {
				return err
			}
		case op == opNew:
			name, err := pool.DottedClass(u16(bc, pc+1))
			if err != nil {
				return err
			}
			w.push(ir.Value{Type: name}, false)
			w.stack[len(w.stack)-1].newPC = int32(pc)
			w.stack[len(w.stack)-1].newLine = int32(line)
		case op == opNewarray:
			w.popN(1)
			w.pushUnknown("", false)
		case op == opAnewarray:
			w.popN(1)
			w.pushUnknown("", false)
		case op == opArraylength:
			w.popN(1)
			w.pushUnknown("int", false)
		case op == opCheckcast:
			// transparent
		case op == opInstanceof:
			w.popN(1)
			w.pushUnknown("boolean", false)
		case op == opMonitorenter:
			emit(ir.Op{Kind: ir.OpMonitor, Name: "monitorenter", Recv: w.pop(1).v, Text: "synchronized"})
		case op == opMonitorexit:
			w.popN(1)
		case op == opWide:
			sub := bc[pc+1]
			idx := int(u16(bc, pc+2))
			switch {
			case sub >= opIload && sub <= opAload:
				w.push(w.local(idx, pc, static), sub == opIload+1 || sub == opIload+3)
			case sub >= opIstore && sub <= opAstore:
				w.store(idx, pc, n, sub == opIstore+1 || sub == opIstore+3, static, setStore)
			case sub == opRet:
				fallsThrough = false
			}
		case op == opMultianewarray:
			w.popN(int(bc[pc+3]))
			w.pushUnknown("", false)
		default:
			return formatErr("unknown opcode %#02x at pc %d", op, pc)
		}
		pc += n
	}
	if anyFinally {
		markFinallyCopies(m.Ops)
	}
	markTryResources(m.Ops)
	if len(w.lines) > 0 {
		m.Line = int(w.lines[0].Line)
		for _, l := range w.lines {
			m.Line = min(m.Line, int(l.Line))
			m.EndLine = max(m.EndLine, int(l.Line))
		}
	}
	return nil
}

// markFinallyCopies flags the normal-path copies javac inlines of a finally body: an op with the
// same kind, owner, name and line as one in a catch-any handler.
func markFinallyCopies(ops []*ir.Op) {
	var keys map[opKey]bool
	for _, o := range ops {
		if o.InFinally && o.Line > 0 {
			if keys == nil {
				keys = make(map[opKey]bool)
			}
			keys[opKey{o.Kind, o.Owner, o.Name, o.Line}] = true
		}
	}
	if keys == nil {
		return
	}
	for _, o := range ops {
		if !o.InFinally && keys[opKey{o.Kind, o.Owner, o.Name, o.Line}] {
			o.InFinally = true
		}
	}
}

// markTryResources flags the ops that create try-with-resources resources. javac closes such a
// resource in a handler that calls Throwable.addSuppressed; the locals closed in a method that
// has one are the resources, and the op whose result was stored in one created it.
func markTryResources(ops []*ir.Op) {
	suppressed := false
	for _, o := range ops {
		if o.Kind == ir.OpCall && o.Name == "addSuppressed" && o.Owner == "java.lang.Throwable" {
			suppressed = true
			break
		}
	}
	if !suppressed {
		return
	}
	closed := map[string]int{} // local name -> index of its last close()
	for _, c := range ops {
		if c.Kind == ir.OpCall && c.Name == "close" && c.Argc == 0 && c.Recv.Kind == ir.ValLocal {
			closed[c.Recv.Name] = c.Index
		}
	}
	for _, o := range ops {
		if (o.Kind == ir.OpNew || o.Kind == ir.OpCall) && o.Store.Kind == ir.ValLocal {
			if last, ok := closed[o.Store.Name]; ok && o.Index < last {
				o.InTryResource = true
			}
		}
	}
}

// popValue pops a one- or two-slot value.
func (w *walker) popValue(wide bool) ir.Value {
	if wide {
		return w.pop(2).v
	}
	return w.pop(1).v
}

// popArgs pops the arguments of a call with descriptor desc into the shared args block.
func (w *walker) popArgs(argc int, desc string) []ir.Value {
	if argc == 0 {
		return nil
	}
	a := w.takeArgs(argc)[:argc]
	start := 0
	// walk the descriptor backwards is awkward; collect slot widths forwards instead
	var widths [256]bool
	wi := 0
	for i := 1; i < len(desc) && desc[i] != ')' && wi < argc; {
		c := desc[i]
		isArray := false
		for c == '[' {
			isArray = true
			i++
			c = desc[i]
		}
		if c == 'L' {
			for desc[i] != ';' {
				i++
			}
		}
		i++
		if wi < len(widths) {
			widths[wi] = !isArray && (c == 'J' || c == 'D')
		}
		wi++
	}
	for i := argc - 1; i >= 0; i-- {
		wide := i < len(widths) && widths[i]
		a[start+i] = w.popValue(wide)
	}
	return a
}

func (w *walker) pushResult(idx int, desc string, retSlots int) {
	if retSlots == 0 {
		return
	}
	w.push(ir.Value{Kind: ir.ValResult, Op: idx, Type: w.retType(desc)}, retSlots == 2)
}

func (w *walker) store(slotN, pc, n int, wide, static bool, setStore func(v, to ir.Value)) {
	v := w.popValue(wide)
	var to ir.Value
	if !static && slotN == 0 {
		return // javac never stores to `this`; other compilers may, but the value is not a variable
	}
	isParam := false
	for _, ps := range w.paramSlot {
		if ps == slotN {
			isParam = true
			break
		}
	}
	if isParam {
		to = w.local(slotN, pc, static)
	} else {
		to = w.localVar(slotN, pc+n, pc)
	}
	setStore(v, to)
}

func (w *walker) ldc(idx uint16) (ir.Value, bool, error) {
	pool := w.cf.cpool
	c, err := pool.Entry(idx)
	if err != nil {
		return ir.Value{}, false, err
	}
	switch c.Tag {
	case tagString:
		s, err := pool.Utf8(uint16(c.A))
		return ir.Value{Kind: ir.ValConst, Const: s, Type: "java.lang.String"}, false, err
	case tagInteger:
		return ir.Value{Kind: ir.ValConst, Const: intConst(int(int32(uint32(c.Bits)))), Type: "int"}, false, nil
	case tagFloat:
		return ir.Value{Kind: ir.ValConst, Const: strconv.FormatFloat(float64(math.Float32frombits(uint32(c.Bits))), 'g', -1, 32), Type: "float"}, false, nil
	case tagLong:
		return ir.Value{Kind: ir.ValConst, Const: strconv.FormatInt(int64(c.Bits), 10), Type: "long"}, true, nil
	case tagDouble:
		return ir.Value{Kind: ir.ValConst, Const: strconv.FormatFloat(math.Float64frombits(c.Bits), 'g', -1, 64), Type: "double"}, true, nil
	case tagClass:
		name, err := pool.ClassName(idx)
		if err != nil {
			return ir.Value{}, false, err
		}
		return ir.Value{Kind: ir.ValClassLit, Type: classRefType(name).String()}, false, nil
	case tagMethodType:
		return ir.Value{Type: "java.lang.invoke.MethodType"}, false, nil
	case tagMethodHandle:
		return ir.Value{Type: "java.lang.invoke.MethodHandle"}, false, nil
	case tagDynamic:
		_, desc, err := pool.NameAndType(uint16(c.B))
		if err != nil {
			return ir.Value{}, false, err
		}
		return ir.Value{Type: w.typeOf(desc)}, desc == "J" || desc == "D", nil
	}
	return ir.Value{}, false, formatErr("ldc of constant-pool entry %d with tag %d", idx, c.Tag)
}

// indy handles invokedynamic: LambdaMetafactory gives an OpLambda, string concatenation and
// other bootstraps only adjust the stack.
func (w *walker) indy(cp uint16, emit func(ir.Op) *ir.Op) error {
	pool := w.cf.cpool
	c, err := pool.Entry(cp)
	if err != nil {
		return err
	}
	if c.Tag != tagInvokeDynamic {
		return formatErr("invokedynamic of constant-pool entry %d with tag %d", cp, c.Tag)
	}
	name, desc, err := pool.NameAndType(uint16(c.B))
	if err != nil {
		return err
	}
	argc, argSlots, retSlots, ok := argShape(desc)
	if !ok {
		return formatErr("bad invokedynamic descriptor %q", desc)
	}
	if int(c.A) >= len(w.cf.bootstrap) {
		return formatErr("invokedynamic bootstrap index %d out of range (%d)", c.A, len(w.cf.bootstrap))
	}
	bm := w.cf.bootstrap[c.A]
	_, bref, err := pool.MethodHandle(bm.Method)
	if err != nil {
		return err
	}
	if bref.Owner != "java.lang.invoke.LambdaMetafactory" {
		for i := 0; i < argSlots; i++ {
			w.popN(1)
		}
		if retSlots > 0 {
			w.pushUnknown(w.retType(desc), retSlots == 2)
		}
		return nil
	}
	o := ir.Op{Kind: ir.OpLambda, Name: name, Desc: desc, Argc: argc}
	if len(bm.Args) >= 2 {
		if _, impl, err := pool.MethodHandle(bm.Args[1]); err == nil {
			o.Owner, o.Name = impl.Owner, impl.Name
		}
	}
	o.Text = o.Owner + "." + o.Name
	o.Args = w.popArgs(argc, desc)
	p := emit(o)
	w.pushResult(p.Index, desc, retSlots)
	return nil
}

// stackOp implements dup*, swap on one-slot units (wide values already take two slots).
func (w *walker) stackOp(op uint8) {
	s := w.stack
	need := 2
	switch op {
	case opDup:
		need = 1
	case opDupX2, opDup2X1:
		need = 3
	case opDup2X2:
		need = 4
	}
	if len(s) < need {
		w.stack = w.stack[:0]
		for i := 0; i < need; i++ {
			w.pushUnknown("", false)
		}
		s = w.stack
	}
	l := len(s)
	switch op {
	case opDup:
		w.stack = append(s, s[l-1])
	case opDupX1: // ..., v2, v1 -> ..., v1, v2, v1
		v1, v2 := s[l-1], s[l-2]
		w.stack = append(s[:l-2], v1, v2, v1)
	case opDupX2:
		v1, v2, v3 := s[l-1], s[l-2], s[l-3]
		w.stack = append(s[:l-3], v1, v3, v2, v1)
	case opDup2:
		w.stack = append(s, s[l-2], s[l-1])
	case opDup2X1:
		v1, v2, v3 := s[l-1], s[l-2], s[l-3]
		w.stack = append(s[:l-3], v2, v1, v3, v2, v1)
	case opDup2X2:
		v1, v2, v3, v4 := s[l-1], s[l-2], s[l-3], s[l-4]
		w.stack = append(s[:l-4], v2, v1, v4, v3, v2, v1)
	case opSwap:
		s[l-1], s[l-2] = s[l-2], s[l-1]
	}
	if len(w.stack) > maxStackSlots {
		w.stack = w.stack[:0]
	}
}

// arith handles iadd..lxor: binary ops on int/long/float/double, negations and shifts.
func (w *walker) arith(op uint8) {
	k := int(op - opIadd)
	typ := k % 4 // 0 int, 1 long, 2 float, 3 double (shifts and logic alternate int/long)
	var wide bool
	switch {
	case op >= 0x74 && op <= 0x77: // ineg..dneg
		wide = typ == 1 || typ == 3
		v := w.popValue(wide)
		w.push(ir.Value{Type: v.Type}, wide)
		return
	case op >= 0x78: // shifts and bitwise logic: i/l alternate
		wide = (op-0x78)%2 == 1
		if op <= 0x7d { // shifts: value, int count
			w.popN(1)
			w.popValue(wide)
		} else {
			w.popValue(wide)
			w.popValue(wide)
		}
	default:
		wide = typ == 1 || typ == 3
		w.popValue(wide)
		w.popValue(wide)
	}
	w.pushUnknown("", wide)
}

// conversion widths for i2l..i2s: from-wide, to-wide.
var convWide = [...][2]bool{
	{false, true}, {false, false}, {false, true}, // i2l i2f i2d
	{true, false}, {true, false}, {true, true}, // l2i l2f l2d
	{false, false}, {false, true}, {false, true}, // f2i f2l f2d
	{true, false}, {true, true}, {true, false}, // d2i d2l d2f
	{false, false}, {false, false}, {false, false}, // i2b i2c i2s
}

func (w *walker) convert(op uint8) {
	cw := convWide[op-opI2l]
	w.popValue(cw[0])
	w.pushUnknown("", cw[1])
}
