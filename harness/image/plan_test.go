package image

import (
	"archive/zip"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func writeZip(t *testing.T, path string, names ...string) string {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for _, n := range names {
		if _, err := zw.Create(n); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return path
}

func TestPlanFor(t *testing.T) {
	dir := t.TempDir()
	boot := writeZip(t, filepath.Join(dir, "Orders Base-1.0.jar"), "META-INF/MANIFEST.MF",
		"BOOT-INF/classes/app/Main.class", "BOOT-INF/lib/koupleless-base-starter-2.1.0.jar")
	p, err := PlanFor(boot)
	if err != nil {
		t.Fatal(err)
	}
	if p.Kind != "spring-boot" || p.Tag != "kompat/base-orders-base-1.0:local" || !p.Koupleless {
		t.Errorf("plan %+v", p)
	}
	for _, m := range []string{"java.desktop", "java.instrument", "java.naming", "java.sql", "java.management",
		"jdk.unsupported", "java.xml", "jdk.attach", "jdk.jcmd"} {
		if !slices.Contains(p.Modules, m) {
			t.Errorf("Spring Boot plan lacks %s: %v", m, p.Modules)
		}
	}
	plain := writeZip(t, filepath.Join(dir, "base.jar"), "META-INF/MANIFEST.MF", "kompat/refbase/Main.class")
	if p, err := PlanFor(plain); err != nil || p.Kind != "refbase" || p.Tag != DefaultTag || p.Koupleless {
		t.Errorf("reference base plan %+v %v", p, err)
	}
	if _, err := PlanFor(filepath.Join(dir, "missing.jar")); err == nil {
		t.Error("a missing jar gave no error")
	}
}
