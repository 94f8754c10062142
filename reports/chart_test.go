package reports

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

func runReport() *Report {
	r := New("verify", "test")
	run := Run{Scenario: "<leaky & co>", Runtime: "process", Modules: 2}
	for i := 1; i <= 4; i++ {
		run.Cycles = append(run.Cycles, Cycle{Cycle: i, ModulesCycling: 2, OpsMS: 100, ProbesMS: 10, Probed: i != 2,
			LoadersAlive: i, ThreadsAlive: 2 * i, HeapUsedBytes: float64(i) * (10 << 20), MetaspaceUsedBytes: float64(i) * (8 << 20), LoadedClasses: float64(1000 * i)})
	}
	r.Runs = []Run{run}
	r.Findings = append(r.Findings, Finding{RuleID: "KP8001", Family: "runtime", Severity: SeverityHigh, Message: "loader",
		Location: Location{Path: "m.jar", Symbol: "m:1"}, Related: []Location{{Path: "m.jar", Symbol: "m:1 loader held by: thread 'p' (context loader)"}}})
	return r
}

func TestHTMLCycleChart(t *testing.T) {
	var b bytes.Buffer
	if err := (htmlWriter{}).Write(&b, runReport()); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if strings.Contains(out, "<leaky & co>") || !strings.Contains(out, "&lt;leaky &amp; co&gt;") {
		t.Error("scenario name not escaped")
	}
	lines := regexp.MustCompile(`<polyline [^>]*points="([^"]*)"`).FindAllStringSubmatch(out, -1)
	if len(lines) != 3 {
		t.Fatalf("want 3 lines (loaders, threads, metaspace), got %d", len(lines))
	}
	for _, l := range lines {
		// Probed cycles 1, 3, 4 only; each line rises to its maximum at the top of the plot.
		pts := strings.Fields(l[1])
		if len(pts) != 3 || !strings.HasSuffix(pts[2], ",10.0") {
			t.Errorf("points %q: want 3 points ending at the top", l[1])
		}
	}
	for _, want := range []string{"loaders alive (max 4)", "metaspace used (max 32 MiB)", "not probed", "9.1% of the cycles", "(context loader)"} {
		if !strings.Contains(out, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
}

func TestJSONRuns(t *testing.T) {
	var b bytes.Buffer
	if err := (jsonWriter{}).Write(&b, runReport()); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Runs []Run `json:"runs"`
	}
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Runs) != 1 || len(got.Runs[0].Cycles) != 4 || got.Runs[0].Cycles[3].MetaspaceUsedBytes != 32<<20 {
		t.Errorf("runs: %+v", got.Runs)
	}
	var plain bytes.Buffer
	if err := (jsonWriter{}).Write(&plain, New("scan", "test")); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain.String(), `"runs"`) {
		t.Error("a scan report carries runs")
	}
}
