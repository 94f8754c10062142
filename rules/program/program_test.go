package program

import (
	"strings"
	"testing"

	"github.com/kompat/kompat/scanner/javasrc"
)

// build parses Java sources with the source frontend, summarizes them and solves the program.
func build(t *testing.T, files map[string]string) *Program {
	t.Helper()
	ps, err := javasrc.NewParser()
	if err != nil {
		t.Fatal(err)
	}
	defer ps.Close()
	p := New()
	for path, src := range files {
		res := ps.Parse(path, []byte(src))
		for _, n := range res.Notices {
			t.Fatalf("%s: notice %s: %s", path, n.Code, n.Message)
		}
		p.Add(p.Summarize(res.File, 0))
	}
	p.Solve()
	return p
}

// method finds a scanned method by class, name and arity.
func method(t *testing.T, p *Program, class, name string, argc int) *Method {
	t.Helper()
	c := p.Class(class)
	if c == nil {
		t.Fatalf("class %s not in the program", class)
	}
	ms := c.Methods()
	for i := range ms {
		if p.Str(ms[i].Name) == name && int(ms[i].Argc) == argc {
			return &ms[i]
		}
	}
	t.Fatalf("%s#%s/%d not found", class, name, argc)
	return nil
}

// targetsOf resolves the calls of m named name and returns "Class#name" of every target.
func targetsOf(p *Program, m *Method, name string) map[string]bool {
	out := map[string]bool{}
	calls := p.Calls(m)
	for i := range calls {
		if p.Str(calls[i].Name) != name {
			continue
		}
		for _, t := range p.Targets(&calls[i]) {
			out[p.Symbol(t)] = true
		}
	}
	return out
}

func TestVirtualCallsResolveByClassHierarchy(t *testing.T) {
	p := build(t, map[string]string{
		"a/Codec.java": `package a;
public interface Codec { Object decode(String n) throws Exception; }`,
		"a/Reflective.java": `package a;
public class Reflective implements Codec {
    public Object decode(String n) throws Exception { return Class.forName(n); }
}`,
		"a/Plain.java": `package a;
public class Plain implements Codec {
    public Object decode(String n) { return n; }
}`,
		"a/Sub.java": `package a;
public class Sub extends Reflective {
    public Object decode(String n) throws Exception { return super.decode(n); }
}`,
		"a/User.java": `package a;
public class User {
    Object use(Codec c) throws Exception { return c.decode("com.acme.X"); }
}`,
	})
	got := targetsOf(p, method(t, p, "a.User", "use", 1), "decode")
	for _, want := range []string{"a.Reflective#decode", "a.Plain#decode", "a.Sub#decode"} {
		if !got[want] {
			t.Errorf("c.decode(...) targets %v: missing %s", got, want)
		}
	}
	if got := targetsOf(p, method(t, p, "a.Sub", "decode", 1), "decode"); len(got) != 1 || !got["a.Reflective#decode"] {
		t.Errorf("super.decode(n) targets %v, want only a.Reflective#decode", got)
	}
	// the name reaches Class.forName through an interface call: the caller is the origin
	found := false
	for _, s := range p.ImplicitNameSites() {
		if s.Symbol == "a.User#use" {
			found = true
			if !strings.HasSuffix(s.Path(), "use() -> Reflective.decode() -> Class.forName(String)") {
				t.Errorf("path %q", s.Path())
			}
		}
	}
	if !found {
		t.Errorf("no implicit-name site in a.User#use")
	}
}

func TestTooManyTargetsIsUnknown(t *testing.T) {
	files := map[string]string{
		"b/Api.java":  `package b; public interface Api { void run(); }`,
		"b/User.java": `package b; public class User { void go(Api a) { a.run(); } }`,
	}
	for _, n := range []string{"I0", "I1", "I2", "I3", "I4", "I5", "I6", "I7", "I8", "I9"} {
		files["b/"+n+".java"] = "package b; public class " + n + " implements Api { public void run() {} }"
	}
	p := build(t, files)
	if got := targetsOf(p, method(t, p, "b.User", "go", 1), "run"); len(got) != 0 {
		t.Errorf("a call with more than %d possible targets should resolve to none, got %d", maxTargets, len(got))
	}
}

func TestConstructorChains(t *testing.T) {
	p := build(t, map[string]string{
		"c/Base.java": `package c;
public class Base {
    public Base(String type) throws Exception { Class.forName(type); }
}`,
		"c/Child.java": `package c;
public class Child extends Base {
    public Child() throws Exception { this("com.acme.Default"); }
    public Child(String type) throws Exception { super(type); }
}`,
		"c/Maker.java": `package c;
public class Maker {
    Object make() throws Exception { return new Child(); }
}`,
	})
	if got := targetsOf(p, method(t, p, "c.Child", "<init>", 0), "<init>"); !got["c.Child#<init>"] {
		t.Errorf("this(...) targets %v, want c.Child#<init>", got)
	}
	if got := targetsOf(p, method(t, p, "c.Child", "<init>", 1), "<init>"); !got["c.Base#<init>"] {
		t.Errorf("super(...) targets %v, want c.Base#<init>", got)
	}
	if m := method(t, p, "c.Child", "<init>", 1); m.NameParams()&1 == 0 {
		t.Errorf("Child(String) hands its parameter to super(...), which resolves it: NameParams %b", m.NameParams())
	}
	if m := method(t, p, "c.Maker", "make", 0); m.NameParams() != 0 || !m.resolves {
		t.Errorf("make() reaches Class.forName through new Child() -> this(...) -> super(...): resolves %v", m.resolves)
	}
}

func TestFixedPointWithRecursion(t *testing.T) {
	p := build(t, map[string]string{
		"d/Rec.java": `package d;
public class Rec {
    static Class<?> f(String n, int d) throws Exception { return d > 0 ? g(n, d - 1) : null; }
    static Class<?> g(String n, int d) throws Exception {
        if (d > 2) { return f(n, d); }
        return Class.forName(n);
    }
    static Class<?> self(String n, int d) throws Exception { return d > 0 ? self(n, d - 1) : g(n, 0); }
    static ClassLoader own() { return Rec.class.getClassLoader(); }
    static ClassLoader a(int d) {
        if (d <= 0) { return own(); }
        return b(d - 1);
    }
    static ClassLoader b(int d) { return a(d); }
}`,
	})
	for _, name := range []string{"f", "g", "self"} {
		if m := method(t, p, "d.Rec", name, 2); m.NameParams()&1 == 0 {
			t.Errorf("%s: parameter 0 reaches Class.forName through the recursion: NameParams %b", name, m.NameParams())
		}
	}
	for _, name := range []string{"a", "b"} {
		if l, _ := method(t, p, "d.Rec", name, 1).ReturnsLoader(); l&LoaderOwn == 0 {
			t.Errorf("%s(int) returns own() through the recursion a -> b -> a: got %q", name, l)
		}
	}
}

func TestSingletonFact(t *testing.T) {
	p := build(t, map[string]string{
		"e/Registry.java": `package e;
public class Registry {
    static final Registry INSTANCE = new Registry();
    private final java.util.Map<String, Object> entries = new java.util.HashMap<>();
}`,
		"e/Service.java": `package e;
public class Service { }`,
		"e/Holder.java": `package e;
public class Holder {
    private static Service service;
    static void set() { service = new Service(); }
}`,
		"e/Mode.java": `package e;
public enum Mode { ON, OFF }`,
		"e/Plain.java": `package e;
public class Plain { Plain other = new Plain(); }`,
	})
	for name, want := range map[string]bool{"e.Registry": true, "e.Service": true, "e.Mode": true, "e.Plain": false, "e.Holder": false} {
		if got := p.Singleton(p.Class(name)); got != want {
			t.Errorf("Singleton(%s) = %v, want %v", name, got, want)
		}
	}
}
