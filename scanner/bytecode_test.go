package scanner

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kompat/kompat/reports"
	"github.com/kompat/kompat/rules"
)

func zipBytes(t *testing.T, files map[string][]byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, data := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestJarLevelRules: a driver service registration and native code are found in nested jars of an
// ark-biz jar (module side: they count) and in a plain jar scanned as base code (info only).
func TestJarLevelRules(t *testing.T) {
	driverJar := zipBytes(t, map[string][]byte{
		"META-INF/services/java.sql.Driver":                        []byte("com.example.Driver\n"),
		"META-INF/maven/com.example/example-driver/pom.properties": []byte("groupId=com.example\nartifactId=example-driver\nversion=1.0\n"),
	})
	nativeJar := zipBytes(t, map[string][]byte{"native/linux-x86_64/libfoo.so": []byte("\x7fELF")})
	biz := zipBytes(t, map[string][]byte{
		"com/alipay/sofa/ark/biz/mark": nil,
		"META-INF/MANIFEST.MF":         []byte("Manifest-Version: 1.0\r\nArk-Biz-Name: orders\r\nArk-Biz-Version: 1.0\r\n\r\n"),
		"lib/example-driver-1.0.jar":   driverJar,
		"lib/native-backed-1.0.jar":    nativeJar,
	})
	dir := t.TempDir()
	bizPath := filepath.Join(dir, "orders-ark-biz.jar")
	os.WriteFile(bizPath, biz, 0o644)
	all, err := rules.Load()
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Scan(context.Background(), Config{Paths: []string{bizPath}, Rules: all, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]reports.Finding{}
	for _, f := range rep.Findings {
		got[f.RuleID] = f
	}
	d, n := got["KP4007"], got["KP4008"]
	if d.Severity != reports.SeverityMedium || !strings.Contains(d.Location.Path, "orders-ark-biz.jar!/lib/example-driver-1.0.jar") || d.Location.Artifact != "com.example:example-driver:1.0" {
		t.Errorf("KP4007: %+v", d)
	}
	if n.Severity != reports.SeverityHigh || !strings.Contains(n.Message, "libfoo.so") {
		t.Errorf("KP4008: %+v", n)
	}
	// The same driver jar handed to the scan as base code: informational only.
	plain := filepath.Join(dir, "example-driver-1.0.jar")
	os.WriteFile(plain, driverJar, 0o644)
	rep, err = Scan(context.Background(), Config{Paths: []string{plain}, Rules: all, Side: rules.SideBase, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 1 || rep.Findings[0].RuleID != "KP4007" || rep.Findings[0].Severity != reports.SeverityInfo {
		t.Errorf("base side: %+v", rep.Findings)
	}
	// Excluded by artifact: nothing.
	rep, _ = Scan(context.Background(), Config{Paths: []string{plain}, Rules: all, Excludes: []string{"com.example:example-*"}, Workers: 1})
	if len(rep.Findings) != 0 {
		t.Errorf("--exclude by artifact: %+v", rep.Findings)
	}
}
