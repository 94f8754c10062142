package javasrc

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kompat/kompat/rules/ir"
)

func parseOne(t *testing.T, src string) *Result {
	t.Helper()
	p, err := NewParser()
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	return p.Parse("Test.java", []byte(src))
}

// dump renders the lowered model compactly so tests can assert on it.
func dump(f *ir.File) string {
	var b strings.Builder
	for _, c := range f.Classes {
		fmt.Fprintf(&b, "class %s extends %s %v\n", c.Name, c.Super, c.Interfaces)
		for _, fl := range c.Fields {
			fmt.Fprintf(&b, "  field %s %s static=%v final=%v line=%d\n", fl.Name, fl.Type, fl.Mods.Has(ir.Static), fl.Mods.Has(ir.Final), fl.Line)
		}
		for _, m := range c.Methods {
			fmt.Fprintf(&b, "  method %s\n", m.Name)
			for _, op := range m.Ops {
				fmt.Fprintf(&b, "    %d %s %s.%s argc=%d recv=%s store=%s fin=%v line=%d\n", op.Index, op.Kind, op.Owner, op.Name, op.Argc, val(op.Recv), val(op.Store), op.InFinally, op.Line)
			}
		}
	}
	return b.String()
}

func val(v ir.Value) string {
	switch v.Kind {
	case ir.ValLocal:
		return "local:" + v.Name + ":" + v.Type
	case ir.ValParam:
		return "param:" + v.Name
	case ir.ValField:
		return "field:" + v.Owner + "." + v.Name
	case ir.ValResult:
		return fmt.Sprintf("op%d", v.Op)
	case ir.ValThis:
		return "this"
	case ir.ValConst:
		return "const:" + v.Const
	case ir.ValClassLit:
		return "class:" + v.Type
	case ir.ValNull:
		return "null"
	}
	return "-"
}

func TestResolution(t *testing.T) {
	res := parseOne(t, `package com.acme;
import java.util.*;
import java.util.concurrent.*;
import static java.lang.System.exit;
class A {
  private static ExecutorService pool = Executors.newFixedThreadPool(2);
  private static final Map<Class<?>, String> NAMES = new HashMap<>();
  void run(ClassLoader cl) {
    Thread t = Thread.currentThread();
    ClassLoader old = t.getContextClassLoader();
    t.setContextClassLoader(cl);
    try { work(); } finally { t.setContextClassLoader(old); }
    java.util.concurrent.Executors.newCachedThreadPool();
    exit(1);
  }
  void work() {}
}`)
	if len(res.Notices) != 0 {
		t.Fatalf("notices: %v", res.Notices)
	}
	d := dump(res.File)
	for _, want := range []string{
		"field pool java.util.concurrent.ExecutorService static=true final=false",
		"field NAMES java.util.Map<java.lang.Class<?>, java.lang.String> static=true final=true",
		"call java.util.concurrent.Executors.newFixedThreadPool argc=1 recv=- store=field:com.acme.A.pool",
		"new java.util.HashMap.<init> argc=0 recv=- store=field:com.acme.A.NAMES",
		"call java.lang.Thread.currentThread argc=0 recv=- store=local:t:java.lang.Thread",
		"call java.lang.Thread.setContextClassLoader argc=1 recv=local:t:java.lang.Thread store=- fin=false line=11",
		"call java.lang.Thread.setContextClassLoader argc=1 recv=local:t:java.lang.Thread store=- fin=true line=12",
		"call java.util.concurrent.Executors.newCachedThreadPool argc=0",
		"call java.lang.System.exit argc=1",
		"call com.acme.A.work argc=0 recv=this",
	} {
		if !strings.Contains(d, want) {
			t.Errorf("missing %q in\n%s", want, d)
		}
	}
	// Origin follows the local back to Thread.currentThread().
	m := res.File.Classes[0].Methods[1]
	for _, op := range m.Ops {
		if op.Name == "setContextClassLoader" {
			src, _ := m.Origin(op.Recv, op.Index)
			if src == nil || src.Name != "currentThread" {
				t.Errorf("origin of receiver = %v, want the currentThread call", src)
			}
		}
	}
}

func TestConstantsAndFieldCopies(t *testing.T) {
	res := parseOne(t, `package p;
import java.util.concurrent.*;
class Holder {
  static final ExecutorService POOL = Executors.newCachedThreadPool();
  private ScheduledExecutorService sched;
  void stop() throws Exception {
    Holder.POOL.shutdown();
    ScheduledExecutorService s = this.sched;
    s.shutdownNow();
    TimeUnit.SECONDS.sleep(1);
    conn(false);
    System.out.println("x");
  }
  void conn(boolean b) {}
}`)
	d := dump(res.File)
	for _, want := range []string{
		"getstatic p.Holder.POOL",
		"call java.util.concurrent.ExecutorService.shutdown argc=0 recv=field:p.Holder.POOL",
		"getfield p.Holder.sched argc=-1 recv=this store=local:s:java.util.concurrent.ScheduledExecutorService",
		"getstatic java.util.concurrent.TimeUnit.SECONDS",
		"call java.io.PrintStream.println",
	} {
		if !strings.Contains(d, want) {
			t.Errorf("missing %q in\n%s", want, d)
		}
	}
	for _, c := range res.File.Classes[0].Methods {
		for _, op := range c.Ops {
			if op.Name == "conn" && (len(op.Args) != 1 || op.Args[0].Const != "0") {
				t.Errorf("false lowers to %+v, want the constant 0 as javac emits it", op.Args)
			}
		}
	}
}

func TestCompoundWritesAndConstantFolding(t *testing.T) {
	res := parseOne(t, `package p;
class C {
  static final String DOMAIN = "orders";
  static int hits;
  int n;
  Object name() throws Exception {
    hits++;
    hits += 2;
    this.n += 1;
    return new javax.management.ObjectName(DOMAIN + ":type=Stats");
  }
}`)
	d := dump(res.File)
	if strings.Count(d, "putstatic p.C.hits") != 2 || !strings.Contains(d, "putfield p.C.n") {
		t.Errorf("compound assignments must write back:\n%s", d)
	}
	if strings.Contains(d, "getstatic p.C.DOMAIN") {
		t.Errorf("a constant is inlined, not read:\n%s", d)
	}
	for _, m := range res.File.Classes[0].Methods {
		for _, op := range m.Ops {
			if op.Kind == ir.OpNew && op.Owner == "javax.management.ObjectName" {
				if len(op.Args) != 1 || op.Args[0].Const != "orders:type=Stats" {
					t.Errorf("constant not folded: %+v", op.Args)
				}
			}
		}
	}
}

func TestTypeAnnotatedVarargsParse(t *testing.T) {
	src := `package p;
import org.jspecify.annotations.Nullable;
class A {
	static Class<?> find(String name, Class<?> @Nullable ... classes) { return Class.forName(name); }
	Object get(String n, @Nullable Object @org.jspecify.annotations.Nullable ... args) { return null; }
	void set(String @Size(max = 3) @Nullable ... xs) { System.setProperty("a", "b"); }
	void sw(Object o) {
		switch (o) {
			case @SuppressWarnings("unused") String s -> System.exit(1);
			default -> {}
		}
	}
}
`
	res := parseOne(t, src)
	for _, n := range res.Notices {
		t.Errorf("unexpected notice %s: %s", n.Code, n.Message)
	}
	d := dump(res.File)
	for _, want := range []string{"method find", "java.lang.Class.forName", "method get", "method set", "java.lang.System.setProperty argc=2 recv=- store=- fin=false line=6", "java.lang.System.exit argc=1 recv=- store=- fin=false line=9"} {
		if !strings.Contains(d, want) {
			t.Errorf("lowered model lacks %q:\n%s", want, d)
		}
	}
}

// A chain of + folds as javac evaluates it, left to right, and a chain of thousands of literals
// (generated tables) folds to the one constant without recursing per operand.
func TestStringConcatFolds(t *testing.T) {
	var long strings.Builder
	var want strings.Builder
	for i := 0; i < 3000; i++ { // under the tree depth bound (KOMPAT_MAX_DEPTH)
		if i > 0 {
			long.WriteString(" + ")
		}
		fmt.Fprintf(&long, "\"k%d\"", i)
		fmt.Fprintf(&want, "k%d", i)
	}
	src := `package p;
class C {
  static final String P = "pre";
  void m(String x, int n) {
    System.getProperty(P + "." + "a" + ".b");
    System.getProperty(P + 1);
    System.getProperty(1 + 2 + "a");
    System.getProperty("a" + x + "b");
    System.getProperty(("a" + "b") + ("c" + "d"));
    System.getProperty(` + long.String() + `);
  }
}`
	res := parseOne(t, src)
	var got []string
	for _, m := range res.File.Classes[0].Methods {
		for _, op := range m.Ops {
			if op.Name == "getProperty" && len(op.Args) == 1 {
				a := op.Args[0]
				got = append(got, fmt.Sprintf("%s/%s", val(a), a.Type))
			}
		}
	}
	wantArgs := []string{
		"const:pre.a.b/java.lang.String",
		"const:pre1/java.lang.String",
		"-/java.lang.String", // javac folds 1 + 2 first; kompat keeps numbers unfolded: a String, not a constant
		"-/java.lang.String",
		"const:abcd/java.lang.String",
		"const:" + want.String() + "/java.lang.String",
	}
	if len(got) != len(wantArgs) {
		t.Fatalf("got %d getProperty calls, want %d: %v", len(got), len(wantArgs), got)
	}
	for i := range wantArgs {
		if got[i] != wantArgs[i] {
			g, w := got[i], wantArgs[i]
			g, w = g[:min(80, len(g))], w[:min(80, len(w))]
			t.Errorf("call %d: argument %s, want %s", i, g, w)
		}
	}
}
