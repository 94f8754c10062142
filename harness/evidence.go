package harness

import (
	"context"
	"fmt"
	"strings"
)

func quoted(s string) (string, bool) {
	i := strings.IndexByte(s, '\'')
	if i < 0 {
		return "", false
	}
	j := strings.IndexByte(s[i+1:], '\'')
	if j < 0 {
		return "", false
	}
	return s[i+1 : i+1+j], true
}

func firstN(s []string, n int) []string {
	if len(s) > n {
		return append(append([]string{}, s[:n]...), fmt.Sprintf("... (%d more)", len(s)-n))
	}
	return s
}

func firstLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[:n]
	}
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	return strings.Join(lines, " | ")
}

func shortErr(err error) string {
	s := err.Error()
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 240 {
		s = s[:240] + "..."
	}
	return s
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

func logLines(ctx context.Context, b base, n int) []string {
	if b == nil {
		return nil
	}
	s, err := b.Logs(ctx)
	if err != nil || strings.TrimSpace(s) == "" {
		return nil
	}
	var out []string
	for _, l := range strings.Split(tail(s, n), "\n") {
		out = append(out, "log: "+l)
	}
	return out
}

func logTail(ctx context.Context, b base, n int) string {
	lines := logLines(ctx, b, n)
	if len(lines) == 0 {
		return ""
	}
	return "\nbase log (last lines):\n" + strings.Join(lines, "\n")
}
