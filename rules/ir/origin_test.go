package ir

import "testing"

func TestOrigin(t *testing.T) {
	local := func(n string) Value { return Value{Kind: ValLocal, Name: n} }
	param := Value{Kind: ValParam, Name: "p", Index: 0}
	// ops: 0 a = new X(); 1 b = make(); 2 use(...)
	ops := func() []*Op {
		return []*Op{
			{Kind: OpNew, Owner: "X", Name: "<init>", Index: 0, Store: local("a")},
			{Kind: OpCall, Name: "make", Index: 1, Store: local("b")},
			{Kind: OpCall, Name: "use", Index: 2},
		}
	}
	cases := []struct {
		name    string
		copies  []Copy
		v       Value
		before  int
		wantOp  int // -1: no op
		wantVal ValueKind
	}{
		{"local stored by an op", nil, local("a"), 2, 0, ValResult},
		{"result resolves to itself", nil, Value{Kind: ValResult, Op: 1}, 2, 1, ValResult},
		{"store after the use is not seen", nil, local("b"), 1, -1, ValLocal},
		{"one copy", []Copy{{To: "c", From: local("a"), At: 1}}, local("c"), 2, 0, ValResult},
		{"two copies", []Copy{{To: "c", From: local("a"), At: 1}, {To: "d", From: local("c"), At: 2}}, local("d"), 2, 0, ValResult},
		{"copy of a parameter", []Copy{{To: "c", From: param, At: 0}}, local("c"), 2, -1, ValParam},
		{"copy overrides an earlier op store", []Copy{{To: "b", From: local("a"), At: 2}}, local("b"), 2, 0, ValResult},
		{"op store overrides an earlier copy", []Copy{{To: "b", From: param, At: 0}}, local("b"), 2, 1, ValResult},
		{"copy after the use is not seen", []Copy{{To: "a", From: param, At: 2}}, local("a"), 1, 0, ValResult},
		{"copy sees the source as it was at the copy", []Copy{{To: "c", From: local("b"), At: 1}}, local("c"), 2, -1, ValLocal},
		{"a copy cycle ends", []Copy{{To: "c", From: local("d"), At: 0}, {To: "d", From: local("c"), At: 0}}, local("c"), 2, -1, ValLocal},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := &Method{Ops: ops(), Copies: tc.copies}
			op, v := m.Origin(tc.v, tc.before)
			got := -1
			if op != nil {
				got = op.Index
			}
			if got != tc.wantOp || v.Kind != tc.wantVal {
				t.Fatalf("Origin = op %d, %v; want op %d, kind %v", got, v, tc.wantOp, tc.wantVal)
			}
		})
	}
}
