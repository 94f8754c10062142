// Package maven implements Maven version ordering and version ranges with the semantics of Aether's
// GenericVersionScheme, which is what the Koupleless base build plugin uses to match adapters.
package maven

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Item kinds, ordered as Aether orders them when two items of different kinds meet.
const (
	kindMin       = 0
	kindQualifier = 2
	kindString    = 3
	kindInt       = 4
	kindBigInt    = 5
	kindMax       = 8
)

// Well-known qualifiers and their order; an empty qualifier, ga, final and release all equal the
// release itself, sp sorts after it. Lookup is case-insensitive.
var qualifiers = map[string]int64{
	"alpha":     -5,
	"beta":      -4,
	"milestone": -3,
	"cr":        -2,
	"rc":        -2,
	"snapshot":  -1,
	"ga":        0,
	"final":     0,
	"release":   0,
	"":          0,
	"sp":        1,
}

type item struct {
	kind int
	num  int64  // kindInt and kindQualifier
	str  string // kindString (lower case) and kindBigInt (digits, no leading zeros)
}

func (it item) isNumber() bool { return it.kind&kindQualifier == 0 }

// compare orders two items; a nil other stands for the padding item (0 or the release qualifier).
func (it item) compare(other *item) int {
	if other == nil {
		switch it.kind {
		case kindMin:
			return -1
		case kindMax, kindBigInt, kindString:
			return 1
		default: // kindInt, kindQualifier
			return sign64(it.num)
		}
	}
	if d := it.kind - other.kind; d != 0 {
		return d
	}
	switch it.kind {
	case kindInt, kindQualifier:
		return sign64(it.num - other.num)
	case kindBigInt:
		if len(it.str) != len(other.str) {
			return len(it.str) - len(other.str)
		}
		return strings.Compare(it.str, other.str)
	case kindString:
		return strings.Compare(it.str, other.str)
	}
	return 0 // kindMin, kindMax
}

func sign64(v int64) int {
	switch {
	case v < 0:
		return -1
	case v > 0:
		return 1
	}
	return 0
}

// Version is a parsed Maven version. Any string parses: Maven has no invalid versions, only odd ones.
type Version struct {
	raw   string
	items []item
}

// ParseVersion parses a version the way Aether's GenericVersion does.
func ParseVersion(s string) Version {
	v := Version{raw: s}
	t := tokenizer{s: s}
	if t.s == "" {
		t.s = "0"
	}
	for t.next() {
		v.items = append(v.items, t.item())
	}
	v.items = trimPadding(v.items)
	return v
}

// String returns the version as it was written.
func (v Version) String() string { return v.raw }

// Compare returns a negative number, zero or a positive number as v sorts before, equal to or after o.
func (v Version) Compare(o Version) int {
	these, those := v.items, o.items
	number := true
	for i := 0; ; i++ {
		switch {
		case i >= len(these) && i >= len(those):
			return 0
		case i >= len(these):
			return -comparePadding(those, i, nil)
		case i >= len(those):
			return comparePadding(these, i, nil)
		}
		a, b := these[i], those[i]
		if a.isNumber() != b.isNumber() {
			if number == a.isNumber() {
				return comparePadding(these, i, &number)
			}
			return -comparePadding(those, i, &number)
		}
		if rel := a.compare(&b); rel != 0 {
			return rel
		}
		number = a.isNumber()
	}
}

// Equal reports whether two versions sort as equal (1.0 equals 1.0.0 and 1-ga).
func (v Version) Equal(o Version) bool { return v.Compare(o) == 0 }

func comparePadding(items []item, from int, number *bool) int {
	rel := 0
	for i := from; i < len(items); i++ {
		if number != nil && *number != items[i].isNumber() {
			break
		}
		rel = items[i].compare(nil)
		if rel != 0 {
			break
		}
	}
	return rel
}

// trimPadding drops trailing items equal to padding within each run of same-typed items, as Aether
// does, so that equal versions have equal item lists.
func trimPadding(items []item) []item {
	var number *bool
	end := len(items) - 1
	for i := end; i > 0; i-- {
		it := items[i]
		n := it.isNumber()
		if number == nil || *number != n {
			end = i
			number = &n
		}
		if end == i && (i == len(items)-1 || items[i-1].isNumber() == n) && it.compare(nil) == 0 {
			items = append(items[:i], items[i+1:]...)
			end--
		}
	}
	return items
}

type tokenizer struct {
	s                  string
	i                  int
	tok                string
	number             bool
	terminatedByNumber bool
}

// next reads one token; separators are '.', '-' and '_', and a switch between digits and letters.
func (t *tokenizer) next() bool {
	if t.i >= len(t.s) {
		return false
	}
	state := -2 // -2 start, -1 letters, 0 zeros only, 1 digits
	start, end := t.i, len(t.s)
	t.terminatedByNumber = false
	for t.i < len(t.s) {
		r, size := utf8.DecodeRuneInString(t.s[t.i:])
		if r == '.' || r == '-' || r == '_' {
			end = t.i
			t.i += size
			break
		}
		if r >= '0' && r <= '9' {
			if state == -1 {
				end = t.i
				t.terminatedByNumber = true
				break
			}
			if state == 0 {
				start += size // strip leading zeros
			}
			if state > 0 || r > '0' {
				state = 1
			} else {
				state = 0
			}
		} else {
			if state >= 0 {
				end = t.i
				break
			}
			state = -1
		}
		t.i += size
	}
	if end-start > 0 {
		t.tok = t.s[start:end]
		t.number = state >= 0
	} else {
		t.tok = "0"
		t.number = true
	}
	return true
}

func (t *tokenizer) item() item {
	if t.number {
		if len(t.tok) < 10 {
			n, _ := strconv.ParseInt(t.tok, 10, 64)
			return item{kind: kindInt, num: n}
		}
		return item{kind: kindBigInt, str: t.tok}
	}
	lower := strings.ToLower(t.tok)
	if t.i >= len(t.s) {
		switch lower {
		case "min":
			return item{kind: kindMin}
		case "max":
			return item{kind: kindMax}
		}
	}
	if t.terminatedByNumber && len(t.tok) == 1 {
		switch lower {
		case "a":
			return item{kind: kindQualifier, num: qualifiers["alpha"]}
		case "b":
			return item{kind: kindQualifier, num: qualifiers["beta"]}
		case "m":
			return item{kind: kindQualifier, num: qualifiers["milestone"]}
		}
	}
	if q, ok := qualifiers[lower]; ok {
		return item{kind: kindQualifier, num: q}
	}
	return item{kind: kindString, str: lower}
}
