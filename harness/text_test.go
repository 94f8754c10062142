package harness

import (
	"strings"
	"testing"
)

func TestParseManifestContinuations(t *testing.T) {
	long := strings.Repeat("spring-boot-starter-web,", 8)
	mf := "Manifest-Version: 1.0\r\nArk-Biz-Name: biz1\r\nArk-Biz-Version: 0.0.1-SNAPSHOT\r\n" +
		"declared-libraries: " + long[:52] + "\r\n " + long[52:123] + "\r\n " + long[123:] + "\r\n" +
		"Start-Class: com.example.A:B\r\n\r\nName: x\r\nArk-Biz-Name: not-main\r\n"
	got := parseManifest([]byte(mf))
	if got["Ark-Biz-Name"] != "biz1" || got["declared-libraries"] != long || got["Start-Class"] != "com.example.A:B" {
		t.Fatalf("got %q", got)
	}
}

func TestOuterClass(t *testing.T) {
	for in, want := range map[string]string{"a.B$C": "a.B", "a.B$$Lambda$55/0x00007f": "a.B", "a.B": "a.B", "a.B$1": "a.B"} {
		if got := outerClass(in); got != want {
			t.Errorf("outerClass(%q) = %q", in, got)
		}
	}
}
