package checks

import (
	"testing"

	"github.com/kompat/kompat/rules/analysis"
	"github.com/kompat/kompat/rules/ir"
)

func TestKP1003Kind(t *testing.T) {
	cases := map[string]string{
		"java.util.Map": "map", "java.util.concurrent.ConcurrentHashMap": "map", "java.util.Properties": "map",
		"java.util.List": "list", "java.util.concurrent.CopyOnWriteArrayList": "list", "java.util.Vector": "list",
		"java.util.Set": "set", "java.util.concurrent.BlockingQueue": "queue", "java.util.ArrayDeque": "queue",
		"java.util.Collection": "collection",
		"java.util.BitSet":     "", "java.util.Map$Entry": "", "java.util.Optional": "", "com.acme.Map": "",
	}
	for name, want := range cases {
		got, ok := kp1003Kind(ir.Type{Name: name})
		if got != want || ok != (want != "") {
			t.Errorf("kp1003Kind(%s) = %q, %v; want %q", name, got, ok, want)
		}
	}
	if got, _ := kp1003Kind(ir.Type{Name: "int", Dims: 1}); got != "array" {
		t.Errorf("int[]: got %q", got)
	}
}

func TestStaticLabels(t *testing.T) {
	c := &ir.Class{Name: "a.Outer"}
	other := &ir.Class{Name: "a.Outer$Inner"}
	cases := []struct {
		m    *ir.Method
		want string
	}{
		{&ir.Method{Class: c, Name: "reset"}, "reset()"},
		{&ir.Method{Class: c, Name: "<init>"}, "a constructor"},
		{&ir.Method{Class: other, Name: "<init>"}, "a constructor of Inner"},
		{&ir.Method{Class: other, Name: "run"}, "Inner.run()"},
		{&ir.Method{Class: c, Name: "lambda$register$0"}, "a lambda in register()"},
		{&ir.Method{Class: c, Name: "lambda$static$1"}, "a lambda in the static initializer"},
		{&ir.Method{Class: c, Name: "lambda$new$2"}, "a lambda in a constructor"},
		{&ir.Method{Class: c, Name: "lambda$"}, "a lambda"},
		{&ir.Method{Class: c, Name: "access$002"}, "a nested class (through Outer.access$002)"},
	}
	for _, tc := range cases {
		if got := analysis.MethodLabel(tc.m, "a.Outer"); got != tc.want {
			t.Errorf("analysis.MethodLabel(%s) = %q; want %q", tc.m.Name, got, tc.want)
		}
	}
	if got := analysis.JoinLabels([]string{"b()", "a()", "b()"}); got != "a() and b()" {
		t.Errorf("stJoin: %q", got)
	}
	if got := analysis.JoinLabels([]string{"a()", "b()", "c()", "d()", "e()"}); got != "a(), b() and 3 more" {
		t.Errorf("stJoin: %q", got)
	}
	for name, want := range map[string]bool{
		"java.lang.Throwable": true, "java.io.IOException": true, "com.acme.MirrorError": true,
		"com.acme.ErrorCode": false, "java.lang.String": false,
	} {
		if got := analysis.ThrowableName(name); got != want {
			t.Errorf("analysis.ThrowableName(%s) = %v", name, got)
		}
	}
}
