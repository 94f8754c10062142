package main

import (
	"strings"
	"testing"
)

// Issue 9 item 6: a source over the default size limit is an error (exit 2), not a silent pass;
// --max-file-size raises or waives the limit.
func TestScanMaxFileSize(t *testing.T) {
	dir := t.TempDir()
	src := leaky + "// " + strings.Repeat("x", 8<<20) + "\n" // just over the 8 MiB default
	p := writeFile(t, dir, "a/Leaky.java", []byte(src))
	code, out, _ := runCLI(t, "scan", "--format", "json", p)
	r := decode(t, out)
	if code != exitError || len(r.Findings) != 0 || r.Stats.Files != 0 || r.Stats.Skipped != 1 {
		t.Fatalf("default limit: exit %d stats %+v", code, r.Stats)
	}
	for _, limit := range []string{"16MiB", "0", "none"} {
		code, out, _ = runCLI(t, "scan", "--format", "json", "--max-file-size", limit, p)
		if r := decode(t, out); code != exitFindings || len(r.Findings) == 0 {
			t.Fatalf("--max-file-size %s: exit %d findings %d", limit, code, len(r.Findings))
		}
	}
	// A lower limit the user chose still counts: the file was not scanned.
	if code, _, _ = runCLI(t, "scan", "--max-file-size", "1KiB", p); code != exitError {
		t.Fatalf("--max-file-size 1KiB: exit %d", code)
	}
	if code, _, errs := runCLI(t, "scan", "--max-file-size", "lots", p); code != exitError || !strings.Contains(errs, "max-file-size") {
		t.Fatalf("bad size: exit %d %s", code, errs)
	}
}
