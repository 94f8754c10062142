package classfile

import (
	"fmt"
	"os"
	"testing"
)

func TestDumpEnv(t *testing.T) {
	p := os.Getenv("KOMPAT_DUMP_CLASS")
	if p == "" {
		t.Skip("set KOMPAT_DUMP_CLASS to a .class file to print its lowering")
	}
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	f, err := ParseAndLower(data, p, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range f.Classes {
		fmt.Printf("class %s super=%s mods=%b outer=%q line=%d ann=%v\n", c.Name, c.Super, c.Mods, c.Outer, c.Line, c.Annotations)
		for _, fl := range c.Fields {
			fmt.Printf("  field %s %s mods=%b line=%d init=%+v initop=%v\n", fl.Name, fl.Type, fl.Mods, fl.Line, fl.Init, fl.InitOp != nil)
		}
		for _, m := range c.Methods {
			fmt.Printf("  method %s %v -> %s line=%d-%d ann=%v\n", m.Name, m.Params, m.Return, m.Line, m.EndLine, m.Annotations)
			for _, o := range m.Ops {
				fmt.Printf("    %d %s %s L%d fin=%v recv=%+v args=%+v val=%+v store=%+v\n", o.Index, o.Kind, o.Text, o.Line, o.InFinally, o.Recv, o.Args, o.Val, o.Store)
			}
		}
	}
}
