package scanner

import (
	"archive/zip"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"testing"
	"time"

	"github.com/kompat/kompat/internal/memlimit"
)

// BenchmarkJarScan scans the machine's jar corpus (/usr/share/java and the JDK's jmods) with
// every rule and 2 workers, as `kompat scan` does, and times `jdeps --multi-release 17 -summary`
// over the same jars in the same run (jars with a root module-info are left out of the
// comparison: jdeps refuses explicit modules whose requirements are missing).
func BenchmarkJarScan(b *testing.B) {
	var cmp, all []string
	var size, cmpSize int64
	seen := map[string]bool{}
	add := func(p string, jdepsToo bool) {
		real, err := filepath.EvalSymlinks(p)
		if err != nil || seen[real] {
			return
		}
		st, err := os.Stat(real)
		if err != nil || !st.Mode().IsRegular() {
			return
		}
		seen[real] = true
		all = append(all, real)
		size += st.Size()
		if jdepsToo && !rootModuleInfo(real) {
			cmp = append(cmp, real)
			cmpSize += st.Size()
		}
	}
	jars, _ := filepath.Glob("/usr/share/java/*.jar")
	for _, j := range jars {
		add(j, true)
	}
	if jh := javaHome(); jh != "" {
		mods, _ := filepath.Glob(filepath.Join(jh, "jmods", "*.jmod"))
		for _, m := range mods {
			add(m, false)
		}
	}
	if len(all) == 0 {
		b.Skip("no jars in /usr/share/java and no JDK jmods")
	}
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	defer memlimit.Manage(48 << 20)() // as the kompat binary
	for i := 0; i < b.N; i++ {
		start, cpu0 := time.Now(), cpuSeconds()
		rep, err := Scan(context.Background(), Config{Paths: cmp, Workers: 2})
		if err != nil {
			b.Fatal(err)
		}
		cmpSecs, cmpCPU := time.Since(start).Seconds(), cpuSeconds()-cpu0
		classes := rep.Stats.Classes
		start = time.Now()
		rest, err := Scan(context.Background(), Config{Paths: diff(all, cmp), Workers: 2})
		if err != nil {
			b.Fatal(err)
		}
		allSecs := cmpSecs + time.Since(start).Seconds()
		classes += rest.Stats.Classes
		b.ReportMetric(float64(size)/(1<<20), "corpus-MB")
		b.ReportMetric(float64(size)/(1<<20)/allSecs, "MB/s")
		b.ReportMetric(float64(classes)/allSecs, "classes/s")
		b.ReportMetric(float64(len(rep.Findings)+len(rest.Findings)), "findings")
		b.ReportMetric(float64(peakRSSKB())/1024, "peakRSS-MB")
		if jdeps, err := exec.LookPath("jdeps"); err == nil && len(cmp) > 0 {
			t0 := time.Now()
			cmd := exec.Command(jdeps, append([]string{"--multi-release", "17", "-summary"}, cmp...)...)
			if err := cmd.Run(); err != nil {
				b.Logf("jdeps: %v", err)
				continue
			}
			jdSecs := time.Since(t0).Seconds()
			jdCPU := (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds()
			b.ReportMetric(jdSecs/cmpSecs, "x-faster-than-jdeps")
			b.ReportMetric(jdCPU/cmpCPU, "x-less-cpu-than-jdeps")
			b.ReportMetric(float64(cmpSize)/(1<<20), "jdeps-MB")
		}
	}
}

func rootModuleInfo(jar string) bool {
	zr, err := zip.OpenReader(jar)
	if err != nil {
		return false
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name == "module-info.class" {
			return true
		}
	}
	return false
}

func javaHome() string {
	javac, err := exec.LookPath("javac")
	if err != nil {
		return ""
	}
	real, err := filepath.EvalSymlinks(javac)
	if err != nil {
		return ""
	}
	return filepath.Dir(filepath.Dir(real))
}

func diff(all, minus []string) []string {
	m := map[string]bool{}
	for _, x := range minus {
		m[x] = true
	}
	var out []string
	for _, x := range all {
		if !m[x] {
			out = append(out, x)
		}
	}
	return out
}
