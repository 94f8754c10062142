package archive

import (
	"archive/zip"
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/kompat/kompat/scanner/classfile"
)

// corpusFiles lists the jar files of /usr/share/java (symlinks resolved once) and the JDK jmods.
func corpusFiles() (jars, jmods []string, size int64) {
	seen := map[string]bool{}
	add := func(list *[]string, p string) {
		real, err := filepath.EvalSymlinks(p)
		if err != nil || seen[real] {
			return
		}
		st, err := os.Stat(real)
		if err != nil || !st.Mode().IsRegular() {
			return
		}
		seen[real] = true
		size += st.Size()
		*list = append(*list, real)
	}
	ms, _ := filepath.Glob("/usr/share/java/*.jar")
	for _, m := range ms {
		add(&jars, m)
	}
	if d := jdkJmods(); d != "" {
		ms, _ = filepath.Glob(filepath.Join(d, "*.jmod"))
		for _, m := range ms {
			add(&jmods, m)
		}
	}
	return jars, jmods, size
}

// scanFiles walks, parses and lowers every class of the files with `workers` goroutines.
func scanFiles(tb testing.TB, files []string, workers int, reuse bool) (classes int64) {
	ch := make(chan string)
	var wg sync.WaitGroup
	var n atomic.Int64
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var dec classfile.Decoder
			for p := range ch {
				err := Walk(context.Background(), p, Options{}, func(e *Entry) error {
					if e.Kind == KindClass {
						var err error
						if reuse {
							_, err = dec.Decode(e.Data, e.Path, e.Archive.Artifact.GAV())
						} else {
							_, err = classfile.ParseAndLower(e.Data, e.Path, e.Archive.Artifact.GAV())
						}
						if err != nil {
							tb.Errorf("%s: %v", e.Path, err)
						}
						n.Add(1)
					}
					return nil
				})
				if err != nil {
					tb.Errorf("%s: %v", p, err)
				}
			}
		}()
	}
	for _, f := range files {
		ch <- f
	}
	close(ch)
	wg.Wait()
	return n.Load()
}

func peakRSSMB() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return float64(kb) / 1024
		}
	}
	return 0
}

func hasRootModuleInfo(p string) bool {
	zr, err := zip.OpenReader(p)
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

// cpuTime returns the user+system CPU time of this process.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

var jdepsOnce struct {
	sync.Once
	secs, cpu float64
	err       error
}

// BenchmarkJarCorpus scans /usr/share/java and the JDK jmods with 2 workers (walk + parse +
// lower, with ParseAndLower as the scanner does and with a reusing Decoder per worker) and, once per run, times `jdeps --multi-release 17 -summary` over the same jars
// (jdeps reads no jmods, and fails on explicit modules with missing requirements, so jars with
// a root module-info.class are left out of the comparison) for the wall-clock and CPU ratios.
// Set KOMPAT_BENCH_JDEPS=0 to skip jdeps.
func BenchmarkJarCorpus(b *testing.B) {
	b.Run("ParseAndLower", func(b *testing.B) { benchCorpus(b, false) })
	b.Run("Decoder", func(b *testing.B) { benchCorpus(b, true) })
}

func benchCorpus(b *testing.B, reuse bool) {
	jars, jmods, size := corpusFiles()
	if len(jars)+len(jmods) == 0 {
		b.Skip("no /usr/share/java jars and no JDK jmods on this machine")
	}
	var classes int64
	// jdeps refuses explicit modules whose requirements are missing: compare on the other jars
	var cmp, rest []string
	for _, j := range jars {
		if hasRootModuleInfo(j) {
			rest = append(rest, j)
		} else {
			cmp = append(cmp, j)
		}
	}
	rest = append(rest, jmods...)
	var jarTime, jarCPU time.Duration
	b.SetBytes(size)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0, c0 := time.Now(), cpuTime()
		classes += scanFiles(b, cmp, 2, reuse)
		jarTime += time.Since(t0)
		jarCPU += cpuTime() - c0
		classes += scanFiles(b, rest, 2, reuse)
	}
	elapsed := b.Elapsed().Seconds()
	b.ReportMetric(float64(classes)/elapsed, "classes/s")
	b.ReportMetric(peakRSSMB(), "peak-RSS-MB")
	b.ReportMetric(float64(size)/(1<<20), "corpus-MB")
	perJars := jarTime.Seconds() / float64(b.N)
	cpuJars := jarCPU.Seconds() / float64(b.N)
	b.ReportMetric(perJars, "jars-s/op")
	b.ReportMetric(cpuJars, "jars-cpu-s/op")
	if os.Getenv("KOMPAT_BENCH_JDEPS") == "0" || len(cmp) == 0 {
		return
	}
	jdeps, err := exec.LookPath("jdeps")
	if err != nil {
		b.Log("jdeps not installed: no ratio")
		return
	}
	b.StopTimer()
	jdepsOnce.Do(func() {
		t0 := time.Now()
		cmd := exec.Command(jdeps, append([]string{"--multi-release", "17", "-summary"}, cmp...)...)
		jdepsOnce.err = cmd.Run()
		jdepsOnce.secs = time.Since(t0).Seconds()
		if cmd.ProcessState != nil {
			jdepsOnce.cpu = (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds()
		}
	})
	if jdepsOnce.err != nil {
		b.Logf("jdeps: %v", jdepsOnce.err)
		return
	}
	b.ReportMetric(jdepsOnce.secs, "jdeps-s")
	b.ReportMetric(jdepsOnce.cpu, "jdeps-cpu-s")
	b.ReportMetric(jdepsOnce.secs/perJars, "x-faster-wall")
	b.ReportMetric(jdepsOnce.cpu/cpuJars, "x-less-cpu")
}
