package scanner

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kompat/kompat/reports"
	"github.com/kompat/kompat/rules"
)

// TestProgramFindingRelated: a cross-method finding names its path in the message and carries the
// callees' sites as related locations, in JSON and in SARIF.
func TestProgramFindingRelated(t *testing.T) {
	all, err := rules.Load()
	if err != nil {
		t.Fatal(err)
	}
	var kp2001 []*rules.Meta
	for _, m := range all {
		if m.ID == "KP2001" {
			kp2001 = append(kp2001, m)
		}
	}
	dir := filepath.Join("..", "testdata", "rules", "KP2001")
	rep, err := Scan(context.Background(), Config{Paths: []string{dir}, Rules: kp2001, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	var f *reports.Finding
	for i := range rep.Findings {
		if strings.HasPrefix(rep.Findings[i].Message, "Decoder.decode() -> Classes.name2class() -> Class.forName(String)") {
			f = &rep.Findings[i]
		}
	}
	if f == nil {
		t.Fatalf("no path finding for decode(); findings: %+v", rep.Findings)
	}
	if !strings.HasSuffix(f.Location.Path, "Decoder.java") || f.Location.Symbol != "fixtures.codec.Decoder#decode" {
		t.Errorf("finding not at the call site in the caller: %+v", f.Location)
	}
	if len(f.Related) != 1 || !strings.HasSuffix(f.Related[0].Path, "Classes.java") || f.Related[0].Line != 8 || f.Related[0].Symbol != "fixtures.util.Classes#name2class" {
		t.Errorf("related: %+v, want the Class.forName site in Classes.name2class (line 8)", f.Related)
	}
	for _, format := range []string{"json", "sarif"} {
		w, err := reports.NewWriter(format, reports.WriterOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := w.Write(&b, rep); err != nil {
			t.Fatal(err)
		}
		var doc any
		if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		key := map[string]string{"json": `"related"`, "sarif": `"relatedLocations"`}[format]
		if !bytes.Contains(b.Bytes(), []byte(key)) || !bytes.Contains(b.Bytes(), []byte("Classes.java")) {
			t.Errorf("%s output has no %s with the callee's file", format, key)
		}
	}
}
