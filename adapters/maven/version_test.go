package maven

import "testing"

func TestCompare(t *testing.T) {
	tests := []struct {
		a, b string
		want int // sign
	}{
		{"1.0", "1.0.0", 0},
		{"1.0", "1-ga", 0},
		{"1.0.0.RELEASE", "1.0.0", 0},
		{"1.0.0.RELEASE", "1.0.0-RELEASE", 0},
		{"1.0.Final", "1.0-final", 0},
		{"1.01", "1.1", 0},
		{"1.0-RC1", "1.0-rc1", 0},
		{"1.0.cr1", "1.0-rc1", 0},
		{"1.0-alpha-1", "1.0-alpha1", 0},
		{"1.0-a1", "1.0-alpha1", 0},
		{"1.0-b2", "1.0-beta2", 0},
		{"1.0-m3", "1.0-milestone3", 0},
		{"1.0.0-0", "1.0.0", 0},
		{"", "0", 0},
		// qualifier order: alpha < beta < milestone < rc < snapshot < release < sp
		{"1.0-alpha1", "1.0-beta1", -1},
		{"1.0-beta1", "1.0-milestone1", -1},
		{"1.0-milestone1", "1.0-rc1", -1},
		{"1.0-rc1", "1.0-SNAPSHOT", -1},
		{"1.0-SNAPSHOT", "1.0", -1},
		{"1.0", "1.0-sp1", -1},
		{"1.0-sp1", "1.0.1", -1},
		{"1.4.12-SNAPSHOT", "1.4.12", -1},
		// unknown qualifiers sort after the release
		{"1.0", "1.0-foo", -1},
		{"1.0-foo", "1.0.1", -1},
		{"1.0-abc", "1.0-abd", -1},
		// numbers
		{"1.9", "1.10", -1},
		{"2.7.0", "2.7.0.1", -1},
		{"1-1", "1", 1},
		{"1.999999999", "1.12345678901", -1},
		{"1.12345678901", "1.12345678902", -1},
		{"2.3.5.RELEASE", "2.3.12.RELEASE", -1},
		{"5.3.27", "5.3.27", 0},
		{"6.0.9", "6.0.10", -1},
	}
	for _, tt := range tests {
		a, b := ParseVersion(tt.a), ParseVersion(tt.b)
		got, back := sign(a.Compare(b)), sign(b.Compare(a))
		if got != tt.want || back != -tt.want {
			t.Errorf("compare(%q, %q) = %d (reverse %d), want %d", tt.a, tt.b, got, back, tt.want)
		}
	}
}

func TestMinMax(t *testing.T) {
	min, max := ParseVersion("2.3.min"), ParseVersion("2.3.max")
	for _, v := range []string{"2.3", "2.3.0", "2.3.0.RELEASE", "2.3.12.RELEASE", "2.3-SNAPSHOT", "2.3.99999999999"} {
		x := ParseVersion(v)
		if min.Compare(x) >= 0 || max.Compare(x) <= 0 {
			t.Errorf("%s not within 2.3.min..2.3.max", v)
		}
	}
	for _, v := range []string{"2.4", "2.4.0", "2.2.99", "3"} {
		x := ParseVersion(v)
		if min.Compare(x) < 0 && max.Compare(x) > 0 {
			t.Errorf("%s within 2.3.min..2.3.max", v)
		}
	}
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}
