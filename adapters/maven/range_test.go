package maven

import "testing"

func TestRangeContains(t *testing.T) {
	tests := []struct {
		rng, v string
		want   bool
	}{
		{"[2.3.*]", "2.3.5.RELEASE", true},
		{"[2.3.*]", "2.3.0.RELEASE", true},
		{"[2.3.*]", "2.3.12.RELEASE", true},
		{"[2.3.*]", "2.3", true},
		{"[2.3.*]", "2.4.0", false},
		{"[2.3.*]", "2.2.13.RELEASE", false},
		{"[2.3.*]", "2.30.1", false},
		{"(,1.4.12)", "1.4.12", false},
		{"(,1.4.12)", "1.4.11", true},
		{"(,1.4.12)", "1.4.12-SNAPSHOT", true},
		{"(,1.4.12)", "1.2.3", true},
		{"[1.4.12,)", "1.4.12", true},
		{"[1.4.12,)", "1.4.11", false},
		{"[1.4.12,)", "1.5.0", true},
		{"[2.11.0,2.13.1),(2.13.1,2.19.0]", "2.13.1", false},
		{"[2.11.0,2.13.1),(2.13.1,2.19.0]", "2.13.0", true},
		{"[2.11.0,2.13.1),(2.13.1,2.19.0]", "2.13.2", true},
		{"[2.11.0,2.13.1),(2.13.1,2.19.0]", "2.19.0", true},
		{"[2.11.0,2.13.1),(2.13.1,2.19.0]", "2.10.0", false},
		{"[2.11.0, 2.13.1), (2.13.1, 2.19.0]", "2.17.0", true},
		{"(2.13.1,2.19.0)", "2.19.0", false},
		{"(2.13.1,2.19.0)", "2.18.0", true},
		{"[1.1.7,1.2.13]", "1.2.12", true},
		{"[1.1.7,1.2.13]", "1.2.13", true},
		{"[1.1.7,1.2.13]", "1.2.14", false},
		{"[1.1.7,1.2.13]", "1.1.7", true},
		{"[1.1.7,1.2.13]", "1.1.6", false},
		{"(,)", "0.0.1", true},
		{"(,)", "99", true},
		{"[4.4.0,4.4.0]", "4.4.0", true},
		{"[4.4.0,4.4.0]", "4.4", true},
		{"[4.4.0,4.4.0]", "4.4.1", false},
		{"[4.4.0]", "4.4.0", true},
		{"[4.4.0]", "4.4.0.1", false},
		{"[6.0.8,6.0.9]", "6.0.9", true},
		{"[6.0.8,6.0.9]", "6.0.10", false},
		{"[2.7.0,2.8.0)", "2.7.23", true},
		{"[2.7.0,2.8.0)", "2.8.0", false},
		{"[2.7.0,2.8.0)", "2.8.0-SNAPSHOT", true}, // Maven: snapshots of the bound sort before it
		{"[2.5.1,2.7.14]", "2.7.14", true},
		{"[2.1.0,2.7.14]", "2.7.10", true},
		{"[1.0.0,]", "7", true},
	}
	for _, tt := range tests {
		r, err := ParseRange(tt.rng)
		if err != nil {
			t.Fatalf("ParseRange(%q): %v", tt.rng, err)
		}
		if got := r.ContainsString(tt.v); got != tt.want {
			t.Errorf("%s contains %s = %v, want %v", tt.rng, tt.v, got, tt.want)
		}
	}
}

func TestParseRangeErrors(t *testing.T) {
	for _, s := range []string{"", "1.0", "[1.0", "(1.0)", "[1.0)", "[2.0,1.0]", "[1,2],x", "[1,2,3]", "[]"} {
		if _, err := ParseRange(s); err == nil {
			t.Errorf("ParseRange(%q): want an error", s)
		}
	}
}

func TestRangeString(t *testing.T) {
	for in, want := range map[string]string{"[2.3.*]": "[2.3.*]", "(,1.4.12)": "(,1.4.12)", "[4.4.0]": "[4.4.0]", "[1,2),(3,)": "[1,2)(3,)"} {
		r, err := ParseRange(in)
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		for _, p := range r.Ranges {
			got += p.String()
		}
		if got != want {
			t.Errorf("%s: parts %s, want %s", in, got, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"[2.3.*]", "(,1.4.12)", "[2.11.0,2.13.1),(2.13.1,2.19.0]", "1.0-alpha-1", "2.3.5.RELEASE"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v := ParseVersion(s)
		if v.Compare(v) != 0 {
			t.Fatalf("%q != itself", s)
		}
		_, _ = ParseRange(s)
	})
}
