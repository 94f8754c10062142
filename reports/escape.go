package reports

import (
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sanitize makes text from inputs (file and jar entry names, messages quoting code) safe to print
// on a terminal: control characters (C0 but tab and newline, DEL, C1, and the bidi overrides)
// become visible escapes such as \x1b or \u202e, and bytes that are not UTF-8 become \xNN, so a
// hostile name cannot move the cursor, clear the screen or set the window title.
func Sanitize(s string) string {
	if isClean(s, true) {
		return s
	}
	return sanitize(s, true)
}

// SanitizeLine is Sanitize that also escapes newlines and tabs (for one-line outputs such as a
// table cell or a workflow command).
func SanitizeLine(s string) string {
	if isClean(s, false) {
		return s
	}
	return sanitize(s, false)
}

func isClean(s string, keepNL bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			return false // checked rune by rune in sanitize
		}
		if c < 0x20 || c == 0x7f {
			if keepNL && (c == '\n' || c == '\t') {
				continue
			}
			return false
		}
	}
	return true
}

func sanitize(s string, keepNL bool) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case keepNL && (r == '\n' || r == '\t'):
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r >= 0x80 && r < 0xa0, unicode.Is(unicode.Bidi_Control, r), r == 0x2028, r == 0x2029:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}

// validUTF8 replaces bytes that are not UTF-8 and control characters but tab, newline and
// carriage return with U+FFFD, for markup outputs (HTML, XML) that must stay well-formed.
func validUTF8(s string) string {
	ok := utf8.ValidString(s)
	if ok {
		for i := 0; i < len(s); i++ {
			if c := s[i]; (c < 0x20 && c != '\n' && c != '\t' && c != '\r') || c == 0x7f {
				ok = false
				break
			}
		}
	}
	if ok {
		return s
	}
	return strings.Map(func(r rune) rune {
		if (r < 0x20 && r != '\n' && r != '\t' && r != '\r') || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0xfffe || r == 0xffff {
			return utf8.RuneError
		}
		return r
	}, strings.ToValidUTF8(s, string(utf8.RuneError)))
}

// SanitizingWriter escapes control characters (but newlines and tabs) in everything written
// through it, for progress lines that quote input names. Each Write should hold whole lines.
func SanitizingWriter(w io.Writer) io.Writer { return sanitizingWriter{w} }

type sanitizingWriter struct{ w io.Writer }

func (s sanitizingWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(s.w, Sanitize(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}
