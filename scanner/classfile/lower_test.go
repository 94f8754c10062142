package classfile

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/kompat/kompat/rules/ir"
)

const fixtureDir = "../../testdata/classfile/src"

var (
	compiled   = map[string]string{} // javac arguments -> output directory
	compiledMu sync.Mutex
	tmpRoot    string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if tmpRoot != "" {
		os.RemoveAll(tmpRoot)
	}
	os.Exit(code)
}

// compile builds the Java fixtures with javac (once per argument list) and returns the output
// directory.
func compile(t *testing.T, args ...string) string {
	t.Helper()
	javac, err := exec.LookPath("javac")
	if err != nil {
		t.Skip("javac not installed")
	}
	compiledMu.Lock()
	defer compiledMu.Unlock()
	key := strings.Join(args, " ")
	if out, ok := compiled[key]; ok {
		return out
	}
	if tmpRoot == "" {
		if tmpRoot, err = os.MkdirTemp("", "kompat-classfile-"); err != nil {
			t.Fatal(err)
		}
	}
	out, err := os.MkdirTemp(tmpRoot, "javac-")
	if err != nil {
		t.Fatal(err)
	}
	srcs, _ := filepath.Glob(filepath.Join(fixtureDir, "com/acme/*.java"))
	cmd := exec.Command(javac, append(append(append([]string{}, args...), "-nowarn", "-Xlint:-options", "-d", out), srcs...)...)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("javac %v: %v\n%s", args, err, b)
	}
	compiled[key] = out
	return out
}

// markers maps "// line:<name>" comments of a fixture to their line numbers.
func markers(t *testing.T, file string) map[string]int {
	t.Helper()
	f, err := os.Open(filepath.Join(fixtureDir, file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m := map[string]int{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if i := strings.Index(sc.Text(), "// line:"); i >= 0 {
			m[strings.TrimSpace(sc.Text()[i+len("// line:"):])] = n
		}
	}
	return m
}

func load(t *testing.T, dir, class string) *ir.Class {
	t.Helper()
	p := filepath.Join(dir, strings.ReplaceAll(class, ".", "/")+".class")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	f, err := ParseAndLower(data, p, "com.acme:demo:1.0")
	if err != nil {
		t.Fatalf("lower %s: %v", class, err)
	}
	if f.Frontend != ir.Bytecode || f.Package != "com.acme" || f.Artifact != "com.acme:demo:1.0" || len(f.Classes) != 1 {
		t.Fatalf("file = %+v", f)
	}
	return f.Classes[0]
}

func method(t *testing.T, c *ir.Class, name string) *ir.Method {
	t.Helper()
	for _, m := range c.Methods {
		if m.Name == name {
			return m
		}
	}
	t.Fatalf("no method %s in %s", name, c.Name)
	return nil
}

func findOps(m *ir.Method, owner, name string) []*ir.Op {
	var out []*ir.Op
	for _, o := range m.Ops {
		if o.Owner == owner && o.Name == name {
			out = append(out, o)
		}
	}
	return out
}

func TestLowerJavac(t *testing.T) {
	lines := markers(t, "com/acme/Hazards.java")
	for _, rel := range []string{"8", "17"} {
		t.Run("release"+rel, func(t *testing.T) {
			dir := compile(t, "-g", "--release", rel)
			c := load(t, dir, "com.acme.Hazards")
			if c.Name != "com.acme.Hazards" || c.Super != "java.lang.Object" || !c.Mods.Has(ir.Public) {
				t.Errorf("class = %s super %s mods %b", c.Name, c.Super, c.Mods)
			}

			// static Map<Class<?>, String> M = new HashMap<>()
			m := c.Field("M")
			want := "java.util.Map<java.lang.Class<?>, java.lang.String>"
			if m == nil || m.Type.String() != want || !m.Mods.Has(ir.Private|ir.Static|ir.Final) {
				t.Fatalf("field M = %+v", m)
			}
			if m.Init == nil || m.Init.Kind != ir.ValResult || m.InitOp == nil || m.InitOp.Kind != ir.OpNew || m.InitOp.Owner != "java.util.HashMap" {
				t.Errorf("M init = %+v op %+v", m.Init, m.InitOp)
			}
			if m.Line != 12 {
				t.Errorf("M line = %d, want 12 (its put in <clinit>)", m.Line)
			}
			tl := c.Field("TL")
			if tl == nil || tl.Type.String() != "java.lang.ThreadLocal<java.lang.String>" || tl.InitOp == nil || !tl.InitOp.Is("java.lang.ThreadLocal", "<init>") {
				t.Errorf("TL = %+v", tl)
			}
			if n := c.Field("NAME"); n == nil || n.Init == nil || n.Init.Kind != ir.ValConst || n.Init.Const != "hazards" {
				t.Errorf("NAME = %+v", n)
			}
			if n := c.Field("NUMS"); n == nil || n.Type.String() != "java.util.List<? extends java.lang.Number>" {
				t.Errorf("NUMS = %+v", n)
			}
			if l := c.Field("lock"); l == nil || l.InitOp == nil || l.InitOp.Owner != "java.util.concurrent.locks.ReentrantLock" {
				t.Errorf("lock = %+v", l)
			}

			// Thread t = Thread.currentThread(); t.setContextClassLoader(cl)
			swap := method(t, c, "swap")
			if len(swap.Params) != 1 || swap.Params[0].Name != "cl" || !swap.Params[0].Type.Is("java.lang.ClassLoader") {
				t.Errorf("swap params = %+v", swap.Params)
			}
			if !ir.HasAnnotation(swap.Annotations, "java.lang.Deprecated") {
				t.Errorf("swap annotations = %+v", swap.Annotations)
			}
			var marker *ir.Annotation
			for i := range swap.Annotations {
				if swap.Annotations[i].Type == "com.acme.Hazards$Marker" {
					marker = &swap.Annotations[i]
				}
			}
			if marker == nil || strings.Join(marker.Values["value"], ",") != "m" || strings.Join(marker.Values["tags"], ",") != "a,b" {
				t.Errorf("invisible annotation = %+v", marker)
			}
			sets := findOps(swap, "java.lang.Thread", "setContextClassLoader")
			if len(sets) < 2 {
				t.Fatalf("setContextClassLoader ops = %d", len(sets))
			}
			set := sets[0]
			if set.Kind != ir.OpCall || set.Static || set.Argc != 1 || set.Line != lines["swap-set"] || set.InFinally || set.Text != "java.lang.Thread.setContextClassLoader" {
				t.Errorf("set = %+v", set)
			}
			origin, _ := swap.Origin(set.Recv, set.Index)
			if origin == nil || !origin.Is("java.lang.Thread", "currentThread") || !origin.Static || origin.Line != lines["swap-current"] {
				t.Errorf("recv origin = %+v (recv %+v)", origin, set.Recv)
			}
			if set.Args[0].Kind != ir.ValParam || set.Args[0].Name != "cl" || set.Args[0].Index != 0 {
				t.Errorf("set arg = %+v", set.Args[0])
			}
			for _, r := range sets[1:] {
				if !r.InFinally || r.Line != lines["swap-restore"] || r.Args[0].Kind != ir.ValLocal || r.Args[0].Name != "old" {
					t.Errorf("restore = %+v", r)
				}
			}
			if swap.Line != lines["swap-current"] || swap.EndLine < lines["swap-restore"] {
				t.Errorf("swap lines %d-%d", swap.Line, swap.EndLine)
			}

			task := method(t, c, "task")
			var lam, mon *ir.Op
			for _, o := range task.Ops {
				switch o.Kind {
				case ir.OpLambda:
					lam = o
				case ir.OpMonitor:
					mon = o
				}
			}
			if lam == nil || !strings.HasPrefix(lam.Name, "lambda$task$") || lam.Owner != "com.acme.Hazards" || lam.Line != lines["lambda"] ||
				len(lam.Args) != 1 || lam.Args[0].Kind != ir.ValParam || lam.Store.Name != "r" {
				t.Errorf("lambda = %+v", lam)
			}
			if lam != nil {
				if impl := method(t, c, lam.Name); !impl.Mods.Has(ir.Synthetic|ir.Static|ir.Private) || len(findOps(impl, "java.io.PrintStream", "println")) != 1 {
					t.Errorf("lambda body %s mods %b", impl.Name, impl.Mods)
				}
			}
			if mon == nil || mon.Recv.Kind != ir.ValClassLit || mon.Recv.Type != "com.acme.Hazards" || mon.Line != lines["sync"] {
				t.Errorf("monitor = %+v", mon)
			}
			if puts := findOps(task, "com.acme.Hazards", "last"); len(puts) != 1 || puts[0].Kind != ir.OpPutField || puts[0].Recv.Kind != ir.ValThis || puts[0].Val.Name != "r" {
				t.Errorf("put last = %+v", puts)
			}

			// a ternary merges into an unknown argument; the long parameter shifts slots
			pick := method(t, c, "pick")
			if len(pick.Params) != 4 || pick.Params[3].Name != "b" {
				t.Errorf("pick params = %+v", pick.Params)
			}
			vo := findOps(pick, "java.lang.String", "valueOf")
			if len(vo) == 0 || vo[0].Line != lines["ternary"] || len(vo[0].Args) != 1 || vo[0].Args[0].Kind != ir.ValUnknown {
				t.Errorf("valueOf = %+v", vo)
			} else if vo[0].Store.Kind != ir.ValLocal || vo[0].Store.Name != "s" {
				t.Errorf("valueOf store = %+v", vo[0].Store)
			}

			locked := method(t, c, "locked")
			unl := findOps(locked, "java.util.concurrent.locks.Lock", "unlock")
			if len(unl) < 2 {
				t.Fatalf("unlock ops = %d", len(unl))
			}
			for _, u := range unl {
				if !u.InFinally || u.Line != lines["unlock"] || u.Recv.Kind != ir.ValField || u.Recv.Name != "lock" {
					t.Errorf("unlock = %+v", u)
				}
			}
			if l := findOps(locked, "java.util.concurrent.locks.Lock", "lock"); len(l) != 1 || l[0].InFinally {
				t.Errorf("lock = %+v", l)
			}

			ld := method(t, c, "load")
			if fn := findOps(ld, "java.lang.Class", "forName"); len(fn) != 1 || !fn[0].Static || fn[0].Desc != "(Ljava/lang/String;)Ljava/lang/Class;" || fn[0].Line != lines["forname"] {
				t.Errorf("forName = %+v", fn)
			}
			if len(ld.Throws) != 1 || ld.Throws[0] != "java.lang.ClassNotFoundException" || !ld.Mods.Has(ir.Static) {
				t.Errorf("load = %+v", ld)
			}

			ctor := method(t, c, "<init>")
			if sup := findOps(ctor, "java.lang.Object", "<init>"); len(sup) != 1 || sup[0].Kind != ir.OpCall || sup[0].Recv.Kind != ir.ValThis {
				t.Errorf("super() = %+v", sup)
			}
			for _, o := range ctor.Ops {
				if o.Kind == ir.OpCall && o.Name == "<init>" && o.Owner == "java.util.concurrent.locks.ReentrantLock" {
					t.Errorf("new also emitted as a call: %+v", o)
				}
			}

			col := load(t, dir, "com.acme.Hazards$Color")
			if !col.Mods.Has(ir.Enum|ir.Static|ir.Final) || col.Outer != "com.acme.Hazards" || col.Super != "java.lang.Enum" {
				t.Errorf("enum = %+v", col)
			}
			if red := col.Field("RED"); red == nil || !red.Mods.Has(ir.EnumConstant|ir.Static) || red.InitOp == nil || red.InitOp.Kind != ir.OpNew {
				t.Errorf("RED = %+v", red)
			}
			if v := col.Field("$VALUES"); v == nil || !v.Mods.Has(ir.Synthetic) {
				t.Errorf("$VALUES = %+v", v)
			}
			mk := load(t, dir, "com.acme.Hazards$Marker")
			if !mk.Mods.Has(ir.AnnotationType|ir.Interface) || ir.HasAnnotation(mk.Annotations, "java.lang.annotation.Retention") == false {
				t.Errorf("marker = %+v", mk)
			}
		})
	}
}

func TestTryWithResources(t *testing.T) {
	lines := markers(t, "com/acme/Resources.java")
	for _, rel := range []string{"8", "17"} {
		dir := compile(t, "-g", "--release", rel)
		c := load(t, dir, "com.acme.Resources")
		news := findOps(method(t, c, "read"), "java.io.FileInputStream", "<init>")
		if len(news) != 1 || news[0].Kind != ir.OpNew || !news[0].InTryResource || news[0].Line != lines["twr"] || news[0].Store.Name != "in" {
			t.Errorf("release %s: twr resource = %+v", rel, news)
		}
		plain := findOps(method(t, c, "leak"), "java.io.FileInputStream", "<init>")
		if len(plain) != 1 || plain[0].InTryResource || plain[0].Line != lines["plain"] {
			t.Errorf("release %s: plain resource = %+v", rel, plain)
		}
	}
}

func TestMethodParameters(t *testing.T) {
	dir := compile(t, "--release", "17", "-parameters") // no -g: names only from MethodParameters
	c := load(t, dir, "com.acme.Hazards")
	p := method(t, c, "pick")
	var got []string
	for _, x := range p.Params {
		got = append(got, x.Name)
	}
	if strings.Join(got, ",") != "flag,a,big,b" {
		t.Errorf("params = %v", got)
	}
	// without a LocalVariableTable locals are numbered by slot
	swap := method(t, c, "swap")
	set := findOps(swap, "java.lang.Thread", "setContextClassLoader")
	if len(set) == 0 || set[0].Recv.Kind != ir.ValLocal || !strings.HasPrefix(set[0].Recv.Name, "local#") {
		t.Fatalf("set = %+v", set)
	}
	if o, _ := swap.Origin(set[0].Recv, set[0].Index); o == nil || o.Name != "currentThread" {
		t.Errorf("origin = %+v", o)
	}
	if swap.Line == 0 {
		t.Error("no line numbers without -g (javac emits lines by default)")
	}
}
