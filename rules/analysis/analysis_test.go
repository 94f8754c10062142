package analysis

import (
	"slices"
	"testing"

	"github.com/kompat/kompat/rules/ir"
)

// file builds an IR file from classes; it wires Class.File, Method.Class and op indices.
func file(classes ...*ir.Class) *ir.File {
	f := &ir.File{Path: "T.java", Classes: classes}
	for _, c := range classes {
		c.File = f
		for _, m := range c.Methods {
			m.Class = c
			for i, op := range m.Ops {
				op.Index = i
			}
		}
		for _, fd := range c.Fields {
			fd.Class = c
		}
	}
	return f
}

func call(owner, name string, recv ir.Value, args ...ir.Value) *ir.Op {
	return &ir.Op{Kind: ir.OpCall, Owner: owner, Name: name, Recv: recv, Args: args, Argc: len(args)}
}

var (
	this   = ir.Value{Kind: ir.ValThis}
	fieldV = ir.Value{Kind: ir.ValField, Owner: "a.Svc", Name: "pool"}
)

func TestIsDestroyEntry(t *testing.T) {
	cases := []struct {
		name string
		m    *ir.Method
		want bool
	}{
		{"close()", &ir.Method{Name: "close"}, true},
		{"shutdown(int) takes a parameter", &ir.Method{Name: "shutdown", Params: []ir.Param{{Name: "t", Type: ir.Type{Name: "int"}}}}, false},
		{"static stop()", &ir.Method{Name: "stop", Mods: ir.Static}, false},
		{"@PreDestroy", &ir.Method{Name: "bye", Annotations: []ir.Annotation{{Type: "jakarta.annotation.PreDestroy"}}}, true},
		{"contextDestroyed(event)", &ir.Method{Name: "contextDestroyed", Params: []ir.Param{{Name: "e", Type: ir.Type{Name: "javax.servlet.ServletContextEvent"}}}}, true},
		{"plain method", &ir.Method{Name: "run"}, false},
	}
	for _, tc := range cases {
		if got := IsDestroyEntry(tc.m); got != tc.want {
			t.Errorf("%s: IsDestroyEntry = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestDestroyPathAndCallsOn(t *testing.T) {
	helper := &ir.Method{Name: "release", Ops: []*ir.Op{call("java.util.concurrent.ExecutorService", "shutdownNow", fieldV)}}
	closeM := &ir.Method{Name: "close", Ops: []*ir.Op{call("a.Svc", "release", this)}}
	unrelated := &ir.Method{Name: "run", Ops: []*ir.Op{call("java.util.concurrent.ExecutorService", "shutdown", fieldV)}}
	other := &ir.Method{Name: "close", Ops: []*ir.Op{call("java.util.concurrent.ExecutorService", "shutdown", fieldV)}}
	svc := &ir.Class{Name: "a.Svc", Methods: []*ir.Method{closeM, helper, unrelated}}
	f := file(svc, &ir.Class{Name: "a.Other", Methods: []*ir.Method{other}})
	path := DestroyPath(f, svc)
	if !slices.Contains(path, closeM) || !slices.Contains(path, helper) || slices.Contains(path, unrelated) || slices.Contains(path, other) {
		t.Fatalf("destroy path of a.Svc: %v", names(path))
	}
	cases := []struct {
		verbs []string
		want  bool
	}{
		{[]string{"shutdownNow"}, true},
		{[]string{"shutdown"}, false}, // only run() and another class's close() call shutdown
		{[]string{"close", "shutdownNow"}, true},
	}
	for _, tc := range cases {
		if got := CallsOn(path, "a.Svc", "pool", tc.verbs...); got != tc.want {
			t.Errorf("CallsOn(%v) = %v, want %v", tc.verbs, got, tc.want)
		}
	}
}

func TestRefersToFieldAndFieldRef(t *testing.T) {
	get := &ir.Op{Kind: ir.OpGetField, Owner: "a.Svc", Name: "pool", Recv: this, Store: ir.Value{Kind: ir.ValLocal, Name: "p"}}
	use := call("java.util.concurrent.ExecutorService", "shutdown", ir.Value{Kind: ir.ValLocal, Name: "p"})
	m := &ir.Method{Name: "close", Ops: []*ir.Op{get, use}}
	file(&ir.Class{Name: "a.Svc", Methods: []*ir.Method{m}})
	cases := []struct {
		name   string
		v      ir.Value
		before int
		owner  string
		want   bool
	}{
		{"the field itself", fieldV, 1, "a.Svc", true},
		{"a local read from the field", ir.Value{Kind: ir.ValLocal, Name: "p"}, 1, "a.Svc", true},
		{"the local before the read", ir.Value{Kind: ir.ValLocal, Name: "p"}, 0, "a.Svc", false},
		{"another class's field", fieldV, 1, "a.Other", false},
		{"a parameter", ir.Value{Kind: ir.ValParam, Name: "pool"}, 1, "a.Svc", false},
	}
	for _, tc := range cases {
		if got := RefersToField(m, tc.v, tc.before, tc.owner, "pool"); got != tc.want {
			t.Errorf("RefersToField(%s) = %v, want %v", tc.name, got, tc.want)
		}
		if got := FieldRef(m, tc.v, tc.before, tc.owner, "pool"); got != tc.want {
			t.Errorf("FieldRef(%s) = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestIsReleaseVerb(t *testing.T) {
	for name, want := range map[string]bool{"shutdownQuietly": true, "closeAll": true, "cancelTimer": true, "Join": true,
		"start": false, "submit": false, "reopen": false} {
		if got := IsReleaseVerb(name); got != want {
			t.Errorf("IsReleaseVerb(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestStaticInitAndWrites(t *testing.T) {
	newMap := &ir.Op{Kind: ir.OpNew, Owner: "java.util.HashMap", Name: "<init>", Store: ir.Value{Kind: ir.ValLocal, Name: "m"}}
	put := &ir.Op{Kind: ir.OpPutStatic, Owner: "a.Reg", Name: "CACHE", Static: true, Val: ir.Value{Kind: ir.ValLocal, Name: "m"}}
	clinit := &ir.Method{Name: "<clinit>", Mods: ir.Static, Ops: []*ir.Op{newMap, put}}
	reset := &ir.Method{Name: "reset", Ops: []*ir.Op{{Kind: ir.OpPutStatic, Owner: "a.Reg", Name: "COUNT", Static: true, Val: ir.Value{Kind: ir.ValNull}}}}
	cache := &ir.Field{Name: "CACHE", Mods: ir.Static}
	count := &ir.Field{Name: "COUNT", Mods: ir.Static}
	konst := &ir.Field{Name: "NAME", Mods: ir.Static | ir.Final, Init: &ir.Value{Kind: ir.ValConst, Const: "x"}}
	none := &ir.Field{Name: "NONE", Mods: ir.Static}
	file(&ir.Class{Name: "a.Reg", Fields: []*ir.Field{cache, count, konst, none}, Methods: []*ir.Method{clinit, reset}})
	cases := []struct {
		f         *ir.Field
		wantOK    bool
		wantOp    *ir.Op
		wantKind  ir.ValueKind
		wantWrite bool
	}{
		{cache, true, newMap, ir.ValResult, false}, // through the local m to the new
		{count, false, nil, ir.ValUnknown, true},   // only reset() writes it
		{konst, true, nil, ir.ValConst, false},     // a ConstantValue initializer
		{none, false, nil, ir.ValUnknown, false},
	}
	for _, tc := range cases {
		_, op, v, ok := StaticInit(tc.f)
		if ok != tc.wantOK || op != tc.wantOp || v.Kind != tc.wantKind {
			t.Errorf("StaticInit(%s) = op %v, %v, %v", tc.f.Name, op, v, ok)
		}
		if got := WrittenAfterInit(tc.f); got != tc.wantWrite {
			t.Errorf("WrittenAfterInit(%s) = %v, want %v", tc.f.Name, got, tc.wantWrite)
		}
	}
	if !IsInitOf(clinit, "a.Reg") || IsInitOf(reset, "a.Reg") || IsInitOf(clinit, "a.Other") {
		t.Error("IsInitOf")
	}
}

func names(ms []*ir.Method) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Class.Name+"#"+m.Name)
	}
	return out
}
