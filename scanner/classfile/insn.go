package classfile

import "encoding/binary"

// JVM opcodes used by the walker (JVMS chapter 6).
const (
	opAconstNull      = 0x01
	opIconstM1        = 0x02
	opIconst5         = 0x08
	opLconst0         = 0x09
	opLconst1         = 0x0a
	opFconst0         = 0x0b
	opFconst2         = 0x0d
	opDconst0         = 0x0e
	opDconst1         = 0x0f
	opBipush          = 0x10
	opSipush          = 0x11
	opLdc             = 0x12
	opLdcW            = 0x13
	opLdc2W           = 0x14
	opIload           = 0x15
	opAload           = 0x19
	opIload0          = 0x1a
	opAload3          = 0x2d
	opIaload          = 0x2e
	opSaload          = 0x35
	opIstore          = 0x36
	opAstore          = 0x3a
	opIstore0         = 0x3b
	opAstore3         = 0x4e
	opIastore         = 0x4f
	opSastore         = 0x56
	opPop             = 0x57
	opPop2            = 0x58
	opDup             = 0x59
	opDupX1           = 0x5a
	opDupX2           = 0x5b
	opDup2            = 0x5c
	opDup2X1          = 0x5d
	opDup2X2          = 0x5e
	opSwap            = 0x5f
	opIadd            = 0x60
	opLxor            = 0x83
	opIinc            = 0x84
	opI2l             = 0x85
	opI2s             = 0x93
	opLcmp            = 0x94
	opDcmpg           = 0x98
	opIfeq            = 0x99
	opIfle            = 0x9e
	opIfIcmpeq        = 0x9f
	opIfAcmpne        = 0xa6
	opGoto            = 0xa7
	opJsr             = 0xa8
	opRet             = 0xa9
	opTableswitch     = 0xaa
	opLookupswitch    = 0xab
	opIreturn         = 0xac
	opAreturn         = 0xb0
	opReturn          = 0xb1
	opGetstatic       = 0xb2
	opPutstatic       = 0xb3
	opGetfield        = 0xb4
	opPutfield        = 0xb5
	opInvokevirtual   = 0xb6
	opInvokespecial   = 0xb7
	opInvokestatic    = 0xb8
	opInvokeinterface = 0xb9
	opInvokedynamic   = 0xba
	opNew             = 0xbb
	opNewarray        = 0xbc
	opAnewarray       = 0xbd
	opArraylength     = 0xbe
	opAthrow          = 0xbf
	opCheckcast       = 0xc0
	opInstanceof      = 0xc1
	opMonitorenter    = 0xc2
	opMonitorexit     = 0xc3
	opWide            = 0xc4
	opMultianewarray  = 0xc5
	opIfnull          = 0xc6
	opIfnonnull       = 0xc7
	opGotoW           = 0xc8
	opJsrW            = 0xc9
)

// fixed instruction lengths; 0 marks variable-length or invalid opcodes.
var insnLens = func() [256]uint8 {
	var l [256]uint8
	for op := 0x00; op <= 0xc9; op++ {
		l[op] = 1
	}
	for _, op := range []int{opBipush, opLdc, opNewarray, opRet} {
		l[op] = 2
	}
	for op := opIload; op <= opAload; op++ {
		l[op] = 2
	}
	for op := opIstore; op <= opAstore; op++ {
		l[op] = 2
	}
	for _, op := range []int{opSipush, opLdcW, opLdc2W, opIinc, opGoto, opJsr, opGetstatic, opPutstatic,
		opGetfield, opPutfield, opInvokevirtual, opInvokespecial, opInvokestatic, opNew, opAnewarray,
		opCheckcast, opInstanceof, opIfnull, opIfnonnull} {
		l[op] = 3
	}
	for op := opIfeq; op <= opIfAcmpne; op++ {
		l[op] = 3
	}
	l[opMultianewarray] = 4
	for _, op := range []int{opInvokeinterface, opInvokedynamic, opGotoW, opJsrW} {
		l[op] = 5
	}
	l[opTableswitch], l[opLookupswitch], l[opWide] = 0, 0, 0
	return l
}()

// insnLen returns the length of the instruction at pc, or 0 when it is invalid or truncated.
func insnLen(code []byte, pc int) int {
	op := code[pc]
	n := int(insnLens[op])
	switch op {
	case opWide:
		if pc+1 >= len(code) {
			return 0
		}
		switch code[pc+1] {
		case opIinc:
			n = 6
		case opRet:
			n = 4
		default:
			if (code[pc+1] >= opIload && code[pc+1] <= opAload) || (code[pc+1] >= opIstore && code[pc+1] <= opAstore) {
				n = 4
			} else {
				return 0
			}
		}
	case opTableswitch:
		p := (pc + 4) &^ 3
		if p+12 > len(code) {
			return 0
		}
		lo := int32(binary.BigEndian.Uint32(code[p+4:]))
		hi := int32(binary.BigEndian.Uint32(code[p+8:]))
		cnt := int64(hi) - int64(lo) + 1
		if cnt < 0 || cnt > 65536 {
			return 0
		}
		n = p + 12 + int(cnt)*4 - pc
	case opLookupswitch:
		p := (pc + 4) &^ 3
		if p+8 > len(code) {
			return 0
		}
		cnt := int32(binary.BigEndian.Uint32(code[p+4:]))
		if cnt < 0 || cnt > 65536 {
			return 0
		}
		n = p + 8 + int(cnt)*8 - pc
	}
	if n == 0 || pc+n > len(code) {
		return 0
	}
	return n
}

func u16(code []byte, pc int) uint16 { return binary.BigEndian.Uint16(code[pc:]) }

func s16(code []byte, pc int) int { return int(int16(binary.BigEndian.Uint16(code[pc:]))) }

func s32(code []byte, pc int) int { return int(int32(binary.BigEndian.Uint32(code[pc:]))) }

// branchTargets calls f for every branch target of the instruction at pc (length n).
func branchTargets(code []byte, pc, n int, f func(int)) {
	op := code[pc]
	switch {
	case op >= opIfeq && op <= opJsr, op == opIfnull, op == opIfnonnull:
		f(pc + s16(code, pc+1))
	case op == opGotoW, op == opJsrW:
		f(pc + s32(code, pc+1))
	case op == opTableswitch:
		p := (pc + 4) &^ 3
		f(pc + s32(code, p))
		for q := p + 12; q+4 <= pc+n; q += 4 {
			f(pc + s32(code, q))
		}
	case op == opLookupswitch:
		p := (pc + 4) &^ 3
		f(pc + s32(code, p))
		for q := p + 8; q+8 <= pc+n; q += 8 {
			f(pc + s32(code, q+4))
		}
	}
}
