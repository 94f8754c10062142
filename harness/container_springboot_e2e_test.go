//go:build linux

package harness

import (
	"archive/zip"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kompat/kompat/harness/image"
)

// springBootLike copies the reference base jar and adds what makes a jar a Koupleless Spring Boot
// base to kompat (BOOT-INF/lib/koupleless-base-starter-*.jar): java -jar still starts the
// reference base, and the container runtime must build it a Spring Boot image.
func springBootLike(t *testing.T, base, dst string) string {
	t.Helper()
	zr, err := zip.OpenReader(base)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	zw := zip.NewWriter(out)
	for _, f := range zr.File {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(w, rc); err != nil {
			t.Fatal(err)
		}
		rc.Close()
	}
	if _, err := zw.Create("BOOT-INF/lib/koupleless-base-starter-2.1.0.jar"); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return dst
}

// With a Spring Boot base and no image, the container runtime builds an image whose jlink
// runtime has the JDK modules Spring Boot needs (java.desktop among them: the Spring module's bean
// introspection uses java.beans) plus attach and jcmd, and the run works on it.
func TestContainerSpringBootBaseGetsItsImage(t *testing.T) {
	t.Parallel()
	b := needDocker(t)
	needSpring(t)
	jar := springBootLike(t, b.Base, filepath.Join(t.TempDir(), "kompat-test-springboot-base.jar"))
	plan, err := image.PlanFor(jar)
	if err != nil || plan.Kind != "spring-boot" || !plan.Koupleless {
		t.Fatalf("plan %+v %v", plan, err)
	}
	rt := &trackingContainers{}
	defer rt.assertGone(t)
	sc := scenario(b, 2, "spring-scheduler")
	sc.Base.Jar = jar
	sc.Runtime = "container"
	res, err := run(context.Background(), sc, options{Runtime: rt})
	if err != nil {
		t.Fatal(err)
	}
	dump(t, res)
	if len(res.Findings) != 0 || len(res.Cycles) != 2 {
		t.Errorf("Spring module on the Spring Boot image: %d finding(s), %d cycle(s)", len(res.Findings), len(res.Cycles))
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cli, err := image.Engine(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	ii, err := cli.ImageInspect(ctx, plan.Tag)
	if err != nil {
		t.Fatalf("no image %s: %v", plan.Tag, err)
	}
	mods := ii.Config.Labels[image.LabelModules]
	for _, m := range []string{"java.desktop", "java.instrument", "java.naming", "java.sql", "java.management",
		"jdk.unsupported", "java.xml", "jdk.attach", "jdk.jcmd"} {
		if !strings.Contains(","+mods+",", ","+m+",") {
			t.Errorf("image %s lacks %s: %s", plan.Tag, m, mods)
		}
	}
	if ii.Config.Labels[image.LabelImage] != "spring-boot" {
		t.Errorf("image kind %q", ii.Config.Labels[image.LabelImage])
	}
}
