package reports

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"
)

func tableReport() *Report {
	r := New("verify", "test")
	long := "the module's timer thread kept running after uninstall and holds the biz class loader through its context class loader, so every reinstall leaks one more copy of every class 日本語のテキスト"
	f := Finding{RuleID: "KP8002", Slug: "thread-survived", Family: "runtime", Severity: SeverityCritical, Message: long,
		Location: Location{Path: "modules/timer-leak/target/timer-leak-1.0.0-ark-biz.jar!/BOOT-INF/lib/vendor-scheduler-2.3.4.jar", Symbol: "timer-leak:1.0.0"},
		Evidence: []string{`"kompat-timer-1" #42 daemon prio=5 os_prio=0 cpu=1.23ms elapsed=12.34s tid=0x00007f waiting on condition at com.vendor.scheduler.internal.TimerLoop.run(TimerLoop.java:88)`,
			"loader com.alipay.sofa.ark.container.service.classloader.BizClassLoader@6d06d69c still reachable"},
		Fix: "cancel the timer in a destroy callback (a Spring DisposableBean or an ark BizUninstallEvent listener)"}
	f.ComputeFingerprint()
	g := Finding{RuleID: "KP1001", Slug: "mutable-static-field", Family: "static-state", Severity: SeverityHigh, Message: "name \x1b]0;owned\x07\x1b[2J here",
		Location: Location{Path: "src/\x1b[31mEvil.java", Line: 3}}
	g.ComputeFingerprint()
	r.Findings = []Finding{f, g}
	r.Notices = []Notice{{Code: "KP9004", Level: NoticeError, Path: "lib/\x1b[2Jx.jar", Message: "cannot read \u009b2J \xff"}}
	return r
}

// TestTableFitsWidthAndKeepsWords: at 80 columns every line fits, no word is cut, evidence and
// the fix are all there, and hostile names cannot drive the terminal.
func TestTableFitsWidthAndKeepsWords(t *testing.T) {
	for _, width := range []int{80, 120} {
		var b bytes.Buffer
		if err := (tableWriter{width: width}).Write(&b, tableReport()); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		for _, l := range strings.Split(out, "\n") {
			if n := runewidth.StringWidth(l); n > width {
				t.Errorf("width %d: line of %d columns: %q", width, n, l)
			}
		}
		// Every word of the message, the evidence and the fix is printed whole (words are shorter
		// than the column); the long path breaks only after a separator.
		flat := strings.Join(strings.Fields(out), " ")
		r := tableReport()
		texts := append([]string{r.Findings[0].Message, r.Findings[0].Fix}, r.Findings[0].Evidence...)
		for _, text := range texts {
			for _, word := range strings.Fields(text) {
				if runewidth.StringWidth(word) < 30 && !strings.Contains(flat, word) {
					t.Errorf("width %d: word %q cut or missing", width, word)
				}
			}
		}
		if !strings.Contains(out, "fix: cancel the timer") {
			t.Errorf("width %d: the fix is not next to the finding:\n%s", width, out)
		}
		for _, part := range []string{"modules/timer-leak/", "scheduler-2.3.4.jar"} {
			if !strings.Contains(out, part) {
				t.Errorf("width %d: location part %q missing:\n%s", width, part, out)
			}
		}
		if strings.ContainsAny(out, "\x1b\x07\u009b") {
			t.Errorf("width %d: control characters printed raw:\n%q", width, out)
		}
		for _, want := range []string{`\x1b]0;owned\x07`, `src/\x1b[31mEvil.java:3`, `\u009b2J`} {
			if !strings.Contains(out, want) {
				t.Errorf("width %d: escaped form %q missing", width, want)
			}
		}
	}
	var b bytes.Buffer
	(tableWriter{width: 80, color: true}).Write(&b, tableReport())
	if !strings.Contains(b.String(), "\x1b[1;97;41mcritical\x1b[0m") || !strings.Contains(b.String(), "\x1b[31;1mhigh\x1b[0m") {
		t.Error("colour: critical and high are not in distinct colours")
	}
}

func TestWrapText(t *testing.T) {
	got := wrapText("a/very/long/path/without/any/space/at/all/Foo.java and words", 12)
	for _, l := range got {
		if runewidth.StringWidth(l) > 12 {
			t.Errorf("line %q too long", l)
		}
	}
	if strings.ReplaceAll(strings.Join(got, ""), " ", "") != "a/very/long/path/without/any/space/at/all/Foo.javaandwords" {
		t.Errorf("text lost: %q", got)
	}
	if got[0] != "a/very/long/" {
		t.Errorf("not broken after a separator: %q", got)
	}
}

func TestSanitize(t *testing.T) {
	for in, want := range map[string]string{
		"plain\tline\n":        "plain\tline\n",
		"\x1b[2Jx\x07":         `\x1b[2Jx\x07`,
		"bad \xff byte":        `bad \xff byte`,
		"c1 \u009b and \u202e": `c1 \u009b and \u202e`,
		"日本語":                  "日本語",
	} {
		if got := Sanitize(in); got != want {
			t.Errorf("Sanitize(%q) = %q, want %q", in, got, want)
		}
	}
	if got := SanitizeLine("a\nb\tc"); got != `a\nb\tc` {
		t.Errorf("SanitizeLine: %q", got)
	}
	var b bytes.Buffer
	io.WriteString(SanitizingWriter(&b), "module \x1b]0;t\x07 installed\n")
	if b.String() != "module \\x1b]0;t\\x07 installed\n" {
		t.Errorf("SanitizingWriter: %q", b.String())
	}
}
