package main

import (
	"archive/zip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeZip(t *testing.T, path, manifest string, entries ...string) string {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	w, _ := zw.Create("META-INF/MANIFEST.MF")
	w.Write([]byte("Manifest-Version: 1.0\r\n" + manifest + "\r\n"))
	for _, e := range entries {
		zw.Create(e)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return path
}

// A base that is no Koupleless base, a name override that differs from the MANIFEST and two web
// modules on one context path are configuration errors (exit 2) reported before anything starts.
func TestVerifyPreflightErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := writeZip(t, filepath.Join(dir, "base.jar"), "", "BOOT-INF/lib/koupleless-base-starter-2.1.0.jar")
	plain := writeZip(t, filepath.Join(dir, "plain.jar"), "", "BOOT-INF/lib/spring-boot-3.2.0.jar")
	biz := func(name, extra string) string {
		return writeZip(t, filepath.Join(dir, name+".jar"), "Ark-Biz-Name: "+name+"\r\nArk-Biz-Version: 1.0.0\r\n"+extra, "com/alipay/sofa/ark/biz/mark")
	}
	w1, w2 := biz("w1", "web-context-path: /\r\n"), biz("w2", "")
	writeZip(t, w2, "Ark-Biz-Name: w2\r\nArk-Biz-Version: 1.0.0\r\n", "com/alipay/sofa/ark/biz/mark", "lib/tomcat-embed-core-10.1.0.jar")
	override := filepath.Join(dir, "override.yaml")
	os.WriteFile(override, []byte("base: {jar: "+good+"}\nmodules: [{jar: "+w1+", name: other}]\n"), 0o644)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--base", plain, "--module", w1}, "plain.jar is not a Koupleless base"},
		{[]string{"--base", good, "--module", w1, "--module", w2}, `w1:1.0.0 and w2:1.0.0 are both web modules with web-context-path "/"`},
		{[]string{"-f", override}, `the scenario names it "other", its MANIFEST Ark-Biz-Name is "w1"`},
	} {
		code, _, stderr := verifyCLI(t, c.args...)
		if code != exitError || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr:\n%s", c.args, code, stderr)
		}
	}
}
