package rules

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

const okRule = `id: KP3999
slug: some-rule
title: A rule
family: resources
severity: {base: low, module: low}
confidence: low
frontends: [harness]
why: because
fix:
  text: do this
`

const okNotice = `id: KP9999
slug: some-notice
title: A notice
family: tool
why: what it means
fix:
  text: what to do
`

func TestValidate(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		want  string // substring of the error; "" for valid
	}{
		{"rule and notice", map[string]string{"defs/KP3999-some-rule.yaml": okRule, "defs/KP9999-some-notice.yaml": okNotice}, ""},
		{"retired ID reused", map[string]string{"defs/KP3999-some-rule.yaml": okRule,
			"defs/retired.yaml": "retired:\n  - {id: KP3999, slug: old-rule, reason: replaced by KP3001}\n"}, "retired KP3999"},
		{"retired slug reused", map[string]string{"defs/KP9999-some-notice.yaml": okNotice,
			"defs/retired.yaml": "retired:\n  - {id: KP9990, slug: some-notice, reason: merged}\n"}, "retired KP9990"},
		{"retired without reason", map[string]string{"defs/retired.yaml": "retired:\n  - {id: KP1999}\n"}, "needs a KPnnnn id and a reason"},
		{"notice with a severity", map[string]string{"defs/KP9999-some-notice.yaml": okNotice + "severity: {base: low, module: low}\n"}, "take no severity"},
		{"notice without what to do", map[string]string{"defs/KP9999-some-notice.yaml": strings.Replace(okNotice, "  text: what to do\n", "  text: \"\"\n", 1)}, "fix.text are required"},
		{"fails-cycle outside runtime", map[string]string{"defs/KP3999-some-rule.yaml": okRule + "fails-cycle: true\n"}, "fails-cycle is for runtime"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for name, text := range tc.files {
				fsys[name] = &fstest.MapFile{Data: []byte(text)}
			}
			d, err := Validate(fsys)
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				if len(d.Rules) != 1 || len(d.Notices) != 1 || d.byKey["kp9999"] == nil {
					t.Fatalf("rules %d, notices %d", len(d.Rules), len(d.Notices))
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
		})
	}
}

// TestEmittedIDsHaveDefinitions: every KPnnnn the Go sources name (rules, notices) has its YAML file
// under rules/defs, so `kompat rules explain` can say what it means and what to do.
func TestEmittedIDsHaveDefinitions(t *testing.T) {
	if _, err := Load(); err != nil {
		t.Fatal(err)
	}
	idRe := regexp.MustCompile(`"(KP[1-9][0-9]{3})"`)
	seen := 0
	err := filepath.WalkDir("..", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && p != ".." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range idRe.FindAllStringSubmatch(string(data), -1) {
			seen++
			if Lookup(m[1]) == nil {
				t.Errorf("%s emits %s, which has no rules/defs/%s-<slug>.yaml", p, m[1], m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen < 40 {
		t.Fatalf("found only %d IDs in the sources: the walk missed them", seen)
	}
}
