package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kompat/kompat/reports"
)

// chromium finds the headless browser; CI installs it (.ci/run), so there a missing browser
// fails the test instead of skipping it.
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no chromium on PATH (.ci/run installs the Debian package)")
	}
	t.Skip("no chromium on PATH")
	return ""
}

// dumpDOM loads a page in headless Chromium, runs its script, and returns the DOM.
func dumpDOM(t *testing.T, browser, url string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--user-data-dir="+t.TempDir(), "--dump-dom", url)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium --dump-dom %s: %v", url, err)
	}
	return string(out)
}

// TestHTMLReportInChromium renders the demo report in a real browser and checks the rendered
// DOM: the verdict banner, the counts, a finding's snippet with its line marked, and that a
// filter hides the rows it should.
func TestHTMLReportInChromium(t *testing.T) {
	browser := chromium(t)
	dir := t.TempDir()
	page, js := filepath.Join(dir, "demo.html"), filepath.Join(dir, "demo.json")
	code, _, errs := runCLI(t, "scan", "--root", "../..", "--format", "html", "-o", page, "--format", "json", "-o", js, "../../testdata/demo")
	if code != exitFindings {
		t.Fatalf("demo scan: exit %d %s", code, errs)
	}
	data, _ := os.ReadFile(js)
	r := decode(t, string(data))
	bySev := map[reports.Severity]int{}
	counted := 0
	for _, f := range r.Findings {
		if f.Counts() {
			bySev[f.Severity]++
			counted++
		}
	}
	if bySev[reports.SeverityLow] == 0 || counted == bySev[reports.SeverityLow] {
		t.Fatalf("the demo needs low and other findings for the filter check: %v", bySev)
	}

	dom := dumpDOM(t, browser, "file://"+page)
	if !regexp.MustCompile(`<div class="verdict FAIL" id="verdict">FAIL`).MatchString(dom) {
		t.Error("no FAIL verdict banner in the rendered page")
	}
	for s, n := range bySev {
		re := regexp.MustCompile(`data-severity="` + s.String() + `"><span class="sev ` + s.String() + `">` + s.String() + `</span><b>(\d+)</b>`)
		m := re.FindStringSubmatch(dom)
		if m == nil || m[1] != strconv.Itoa(n) {
			t.Errorf("count card for %s: %v, want %d", s, m, n)
		}
	}
	if !regexp.MustCompile(`<span class="mark"><i>25</i>\s*System\.exit\(1\);</span>`).MatchString(dom) {
		t.Error("the System.exit finding's snippet does not mark line 25")
	}
	if strings.Contains(dom, `<tr class="finding`) && strings.Count(dom, " hidden=") != 0 {
		t.Errorf("rows hidden with no filter set")
	}
	if !strings.Contains(dom, `<span id="shown">`+strconv.Itoa(counted)+`</span>`) {
		t.Errorf("the script did not count %d shown findings", counted)
	}
	if !strings.Contains(dom, `id="rule-KP1010"`) || !strings.Contains(dom, "<svg") {
		t.Error("rule documentation or chart missing")
	}

	// Unticking "low" (the page reads ?hide=low as a click would) hides exactly the low rows.
	dom = dumpDOM(t, browser, "file://"+page+"?hide=low")
	rows := regexp.MustCompile(`<tr class="finding (sev-\d+)[^"]*"( hidden="")?>`).FindAllStringSubmatch(dom, -1)
	if len(rows) != counted {
		t.Fatalf("%d finding rows, want %d", len(rows), counted)
	}
	lowID := regexp.MustCompile(`id="f-(sev-\d+)" data-label="low"`).FindStringSubmatch(dom)
	if lowID == nil {
		t.Fatal("no low severity filter")
	}
	hidden := 0
	for _, m := range rows {
		if (m[2] != "") != (m[1] == lowID[1]) {
			t.Errorf("row %s hidden=%v with low filtered out", m[1], m[2] != "")
		}
		if m[2] != "" {
			hidden++
		}
	}
	if hidden != bySev[reports.SeverityLow] || !strings.Contains(dom, `<span id="shown">`+strconv.Itoa(counted-hidden)+`</span>`) {
		t.Errorf("%d rows hidden, want %d", hidden, bySev[reports.SeverityLow])
	}
	if regexp.MustCompile(`id="f-sev-\d+" data-label="low" checked`).MatchString(dom) {
		t.Error("the low box is still ticked")
	}
}
