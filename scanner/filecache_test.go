package scanner

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/kompat/kompat/rules/ir"
	"github.com/kompat/kompat/scanner/javasrc"
)

// TestFileCacheRoundTrip: the IR of every rule fixture and demo file comes back from the per-file
// cache equal to what the parser made, every exported field included (so a field added to the IR
// later cannot be dropped by the cache unnoticed), with its back pointers and its field
// initializers' ops pointing into the file as the parser's do.
func TestFileCacheRoundTrip(t *testing.T) {
	p, err := javasrc.NewParser()
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	fc := newFileCache(t.TempDir(), "test")
	files, inits := 0, 0
	for _, root := range []string{"../testdata/rules", "../testdata/demo/src"} {
		filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".java") {
				return err
			}
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			res := p.Parse(path, src)
			key := fc.key(path, src)
			fc.store(key, res)
			got, ok := fc.load(key)
			if !ok {
				t.Fatalf("%s: not served from the cache", path)
			}
			files++
			if diff := irDiff(reflect.ValueOf(res.File).Elem(), reflect.ValueOf(got.File).Elem(), "File"); diff != "" {
				t.Errorf("%s: %s", path, diff)
			}
			if !reflect.DeepEqual(res.Suppressions, got.Suppressions) && len(res.Suppressions)+len(got.Suppressions) > 0 {
				t.Errorf("%s: suppressions differ", path)
			}
			if string(got.File.Source) != string(res.File.Source) || !reflect.DeepEqual(got.File.LineStarts(), res.File.LineStarts()) {
				t.Errorf("%s: source or line starts differ", path)
			}
			for ci, c := range got.File.Classes {
				if c.File != got.File {
					t.Errorf("%s: class %s: file pointer not restored", path, c.Name)
				}
				for fi, f := range c.Fields {
					if f.Class != c {
						t.Errorf("%s: field %s: class pointer not restored", path, f.Name)
					}
					if orig := res.File.Classes[ci].Fields[fi].InitOp; orig != nil {
						inits++
						if f.InitOp == nil || !containsOp(c, f.InitOp) {
							t.Errorf("%s: field %s: InitOp is not one of its class's ops", path, f.Name)
						}
					}
				}
				for _, m := range c.Methods {
					if m.Class != c {
						t.Errorf("%s: method %s: class pointer not restored", path, m.Name)
					}
				}
			}
			// The parser's own IR is left whole by the encoding.
			for _, c := range res.File.Classes {
				if c.File != res.File {
					t.Fatalf("%s: store cut a back pointer of the live IR", path)
				}
			}
			return nil
		})
	}
	if files < 20 || inits == 0 {
		t.Fatalf("only %d files, %d field initializer ops compared", files, inits)
	}
}

func containsOp(c *ir.Class, op *ir.Op) bool {
	for _, m := range c.Methods {
		for _, o := range m.Ops {
			if o == op {
				return true
			}
		}
	}
	return false
}

// irDiff compares two IR values field by field, treating nil and empty slices and maps alike and
// leaving out the back pointers (File, Class), which the test checks by identity. It returns the
// path of the first difference, "" when equal.
func irDiff(a, b reflect.Value, path string) string {
	switch a.Kind() {
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				return path + ": nil on one side"
			}
			return ""
		}
		return irDiff(a.Elem(), b.Elem(), path)
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			f := a.Type().Field(i)
			if !f.IsExported() || (f.Name == "File" || f.Name == "Class") && f.Type.Kind() == reflect.Pointer {
				continue
			}
			if d := irDiff(a.Field(i), b.Field(i), path+"."+f.Name); d != "" {
				return d
			}
		}
		return ""
	case reflect.Slice:
		if a.Len() != b.Len() {
			return path + ": lengths differ"
		}
		for i := 0; i < a.Len(); i++ {
			if d := irDiff(a.Index(i), b.Index(i), path+"["+itoa(i)+"]"); d != "" {
				return d
			}
		}
		return ""
	case reflect.Map:
		if a.Len() != b.Len() {
			return path + ": sizes differ"
		}
		for _, k := range a.MapKeys() {
			if d := irDiff(a.MapIndex(k), b.MapIndex(k), path+"["+k.String()+"]"); d != "" {
				return d
			}
		}
		return ""
	default:
		if !reflect.DeepEqual(a.Interface(), b.Interface()) {
			return path + ": values differ"
		}
		return ""
	}
}
