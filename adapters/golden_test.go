package adapters

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/kompat/kompat/reports"
)

// goldenCases run Analyze from the repository root, so report paths read testdata/adapters/...
var goldenCases = []struct {
	name     string
	paths    []string
	base     string
	mappings []string
}{
	{name: "base-pom", paths: []string{"testdata/adapters/base"}},
	{name: "base-plugin-custom-mapping", paths: []string{"testdata/adapters/base-plugin"}},
	{name: "user-mapping", paths: []string{"testdata/adapters/base/pom.xml"}, mappings: []string{"testdata/adapters/mappings/acme.yaml"}},
	{name: "maven-list", paths: []string{"testdata/adapters/maven/dependency-list.txt"}},
	{name: "maven-tree", paths: []string{"testdata/adapters/maven/dependency-tree.txt"}},
	{name: "multi-module", paths: []string{"testdata/adapters/multi"}},
	{name: "fat-jar-base", paths: []string{"testdata/adapters/jars/base-boot.jar"}},
	{name: "war-base", paths: []string{"testdata/adapters/jars/legacy-base.war"}},
	{name: "modules-vs-base-jar", base: "testdata/adapters/jars/base-boot.jar",
		paths: []string{"testdata/adapters/jars/acme-module-1.0.0-ark-biz.jar", "testdata/adapters/jars/module-fat.jar", "testdata/adapters/jars/half-module-ark-biz.jar"}},
	{name: "module-pom-vs-base-pom", base: "testdata/adapters/base", paths: []string{"testdata/adapters/module-pom"}},
	{name: "biz-without-base", paths: []string{"testdata/adapters/jars/acme-module-1.0.0-ark-biz.jar"}},
	{name: "bad-inputs", paths: []string{"testdata/adapters/jars/corrupt.jar", "testdata/adapters/bad", "testdata/adapters/missing", "testdata/adapters/README.md"},
		mappings: []string{"testdata/adapters/mappings/broken.yaml"}},
}

func TestGolden(t *testing.T) {
	t.Chdir("..")
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			cat := official(t)
			r := reports.New("adapters", "test")
			for _, m := range tc.mappings {
				if err := cat.AddFile(m, LevelUser); err != nil {
					r.Notices = append(r.Notices, reports.Notice{Code: NoticeBadMapping, Level: reports.NoticeError, Path: m, Message: err.Error()})
				}
			}
			Analyze(context.Background(), Config{Catalog: cat, Paths: tc.paths, Base: tc.base}, r)
			r.Sort()
			w, err := reports.NewWriter("json", reports.WriterOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := w.Write(&b, r); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "adapters", "golden", tc.name+".json")
			if *update {
				if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./adapters -update)", err)
			}
			if !bytes.Equal(b.Bytes(), want) {
				t.Errorf("%s differs (run go test ./adapters -update and review the diff):\n%s", golden, b.String())
			}
		})
	}
}
