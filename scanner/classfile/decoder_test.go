package classfile

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kompat/kompat/rules/ir"
)

func summary(f *ir.File) string {
	var b strings.Builder
	for _, c := range f.Classes {
		fmt.Fprintf(&b, "%s %s %v\n", c.Name, c.Super, c.Mods)
		for _, fl := range c.Fields {
			fmt.Fprintf(&b, " f %s %s %d %v\n", fl.Name, fl.Type, fl.Line, fl.InitOp != nil)
		}
		for _, m := range c.Methods {
			fmt.Fprintf(&b, " m %s %v %d-%d\n", m.Name, m.Params, m.Line, m.EndLine)
			for _, o := range m.Ops {
				fmt.Fprintf(&b, "  %d %v %s %d %v %+v %+v %+v %+v\n", o.Index, o.Kind, o.Text, o.Line, o.InFinally, o.Recv, o.Args, o.Val, o.Store)
			}
		}
	}
	return b.String()
}

// TestDecoderMatchesLower decodes the seed classes twice in turn with one Decoder: each
// result must equal the lowerClass one while it is current.
func TestDecoderMatchesLower(t *testing.T) {
	seeds, _ := filepath.Glob("../../testdata/classfile/seeds/*.class")
	if len(seeds) < 3 {
		t.Fatalf("seeds: %v", seeds)
	}
	var d Decoder
	for round := 0; round < 2; round++ {
		for _, s := range seeds {
			data, err := os.ReadFile(s)
			if err != nil {
				t.Fatal(err)
			}
			want, err := ParseAndLower(data, s, "a:b:1")
			if err != nil {
				t.Fatal(err)
			}
			got, err := d.Decode(data, s, "a:b:1")
			if err != nil {
				t.Fatal(err)
			}
			if summary(got) != summary(want) {
				t.Errorf("%s round %d: decoder result differs:\n%s\nwant\n%s", s, round, summary(got), summary(want))
			}
		}
	}
	if _, err := d.Decode([]byte{0xCA, 0xFE}, "x", ""); err == nil {
		t.Error("truncated class decoded")
	}
}
