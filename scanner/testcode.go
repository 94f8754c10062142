package scanner

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Test and build-tooling code is not what runs in a module: by default the walk prunes it and
// reports once how many files it left out (Config.IncludeTests scans it too).

// srcTestDir reports whether name, a directory directly under a `src` folder, holds test code in
// the Maven/Gradle layouts: src/test, src/testFixtures, src/jmh, src/it, src/integrationTest ...
func srcTestDir(name string) bool {
	l := strings.ToLower(name)
	return l == "it" || l == "jmh" || strings.HasPrefix(l, "test") || strings.HasSuffix(l, "test") || strings.HasSuffix(l, "tests")
}

// skipReason says why the walk prunes directory p (below an input root), or "" to walk it:
// "test" for test code, "tooling" for build logic and wrappers, "output" for a build output folder
// beside the sources it was compiled from.
func skipReason(p string, d fs.DirEntry) string {
	name := d.Name()
	parent := filepath.Base(filepath.Dir(p))
	switch {
	case parent == "src" && srcTestDir(name):
		return "test"
	case name == "test-classes" || name == "test-jars":
		return "test"
	case (name == "test" || name == "tests") && parent == "classes":
		return "test" // build/classes/test (old Gradle layout)
	case (name == "test" || name == "tests") && filepath.Base(filepath.Dir(filepath.Dir(p))) == "classes":
		return "test" // build/classes/java/test
	case (name == "test" || name == "tests") && (isDir(filepath.Join(filepath.Dir(p), "java")) || isDir(filepath.Join(filepath.Dir(p), "main"))):
		return "test" // a project whose sources are in java/ and tests in test/ (Ant layouts such as Tomcat's)
	case testModuleName(name) && hasBuildFile(p):
		return "test" // a build module of tests or benchmarks (testsuite-*, foo-tests, foo-it, microbench)
	case name == "buildSrc":
		return "tooling" // Gradle build logic
	case name == "wrapper" && (parent == "gradle" || parent == ".mvn"):
		return "tooling" // the Gradle or Maven wrapper jar
	case (name == "target" || name == "build" || name == "out") && isDir(filepath.Join(filepath.Dir(p), "src", "main", "java")):
		return "output" // compiled from the sources beside it, which are scanned
	}
	return ""
}

func testModuleName(name string) bool {
	l := strings.ToLower(name)
	if strings.Contains(l, "bench") || l == "jmh" || strings.HasSuffix(l, "-jmh") {
		return true // JMH benchmark modules (microbench, benchmarks, foo-benchmarks)
	}
	return strings.HasPrefix(l, "testsuite") || strings.HasSuffix(l, "-test") || strings.HasSuffix(l, "-tests") ||
		strings.HasSuffix(l, "-testsuite") || strings.HasSuffix(l, "-it") || strings.HasSuffix(l, "-integration-tests")
}

func hasBuildFile(dir string) bool {
	for _, f := range []string{"pom.xml", "build.gradle", "build.gradle.kts"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
			return true
		}
	}
	return false
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// countScannable counts the files under dir that the scan would have read.
func countScannable(dir string) int {
	n := 0
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && kindOf(p) != "" {
			n++
		}
		return nil
	})
	return n
}

// topLevelOwner returns the candidate top-level class names a finding's symbol (Class#method,
// Class.field or Class, binary names) can belong to.
func topLevelOwners(symbol string) []string {
	s, _, _ := strings.Cut(symbol, "#")
	s, _, _ = strings.Cut(s, "$")
	out := []string{s}
	if i := strings.LastIndexByte(s, '.'); i > 0 {
		out = append(out, s[:i])
	}
	return out
}
