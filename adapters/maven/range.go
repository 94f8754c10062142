package maven

import (
	"fmt"
	"strings"
)

// Range is one interval of versions. A nil bound is open (no limit on that side).
type Range struct {
	Lower, Upper                   *Version
	LowerInclusive, UpperInclusive bool
}

// Contains reports whether v lies inside the interval.
func (r Range) Contains(v Version) bool {
	if r.Lower != nil {
		c := r.Lower.Compare(v)
		if c > 0 || (c == 0 && !r.LowerInclusive) {
			return false
		}
	}
	if r.Upper != nil {
		c := r.Upper.Compare(v)
		if c < 0 || (c == 0 && !r.UpperInclusive) {
			return false
		}
	}
	return true
}

// String writes the interval in Maven syntax.
func (r Range) String() string {
	var b strings.Builder
	if r.LowerInclusive {
		b.WriteByte('[')
	} else {
		b.WriteByte('(')
	}
	if r.Lower != nil {
		b.WriteString(r.Lower.String())
	}
	if r.Lower == nil || r.Upper == nil || r.Lower.String() != r.Upper.String() {
		b.WriteByte(',')
		if r.Upper != nil {
			b.WriteString(r.Upper.String())
		}
	}
	if r.UpperInclusive {
		b.WriteByte(']')
	} else {
		b.WriteByte(')')
	}
	return b.String()
}

// VersionRange is a union of intervals, as written in an adapter mapping's versionRange, e.g.
// "[2.11.0,2.13.1),(2.13.1,2.19.0]". It keeps the text it was parsed from.
type VersionRange struct {
	Text   string
	Ranges []Range
}

// Contains reports whether any interval of the union holds v.
func (u VersionRange) Contains(v Version) bool {
	for _, r := range u.Ranges {
		if r.Contains(v) {
			return true
		}
	}
	return false
}

// ContainsString parses s and reports whether the union holds it.
func (u VersionRange) ContainsString(s string) bool { return u.Contains(ParseVersion(s)) }

// String returns the text the range was parsed from.
func (u VersionRange) String() string { return u.Text }

// ParseRange parses a union of Maven ranges the way the Koupleless build plugin does: the text is
// split after each closing ']' or ')', an optional ',' separates the parts, and each part is an Aether
// range: [a,b] (a,b) [a,b) (a,b] (,b] [a,) (,) [x] [x,x] and the prefix wildcard [2.3.*].
func ParseRange(s string) (VersionRange, error) {
	u := VersionRange{Text: s}
	rest := strings.TrimSpace(s)
	if rest == "" {
		return u, fmt.Errorf("empty version range")
	}
	for strings.HasPrefix(rest, "[") || strings.HasPrefix(rest, "(") {
		i := strings.IndexAny(rest, ")]")
		if i < 0 {
			return u, fmt.Errorf("unbounded version range %q", s)
		}
		r, err := parseOne(rest[:i+1])
		if err != nil {
			return u, fmt.Errorf("version range %q: %w", s, err)
		}
		u.Ranges = append(u.Ranges, r)
		rest = strings.TrimSpace(rest[i+1:])
		if strings.HasPrefix(rest, ",") {
			rest = strings.TrimSpace(rest[1:])
		}
	}
	if rest != "" {
		if len(u.Ranges) == 0 {
			return u, fmt.Errorf("version range %q must start with [ or (", s)
		}
		return u, fmt.Errorf("version range %q: expected [ or ( but got %q", s, rest)
	}
	return u, nil
}

func parseOne(s string) (Range, error) {
	var r Range
	r.LowerInclusive = s[0] == '['
	r.UpperInclusive = s[len(s)-1] == ']'
	body := s[1 : len(s)-1]
	comma := strings.IndexByte(body, ',')
	if comma < 0 {
		if !r.LowerInclusive || !r.UpperInclusive {
			return r, fmt.Errorf("%s: a single version must be written in []", s)
		}
		v := strings.TrimSpace(body)
		if v == "" {
			return r, fmt.Errorf("%s: empty version", s)
		}
		if strings.HasSuffix(v, ".*") {
			prefix := v[:len(v)-1]
			lo, hi := ParseVersion(prefix+"min"), ParseVersion(prefix+"max")
			lo.raw, hi.raw = v, v
			r.Lower, r.Upper = &lo, &hi
			return r, nil
		}
		x := ParseVersion(v)
		r.Lower, r.Upper = &x, &x
		return r, nil
	}
	lo, hi := strings.TrimSpace(body[:comma]), strings.TrimSpace(body[comma+1:])
	if strings.Contains(hi, ",") {
		return r, fmt.Errorf("%s: bounds may not contain another ','", s)
	}
	if lo != "" {
		v := ParseVersion(lo)
		r.Lower = &v
	}
	if hi != "" {
		v := ParseVersion(hi)
		r.Upper = &v
	}
	if r.Lower != nil && r.Upper != nil && r.Upper.Compare(*r.Lower) < 0 {
		return r, fmt.Errorf("%s: lower bound is greater than upper bound", s)
	}
	return r, nil
}
