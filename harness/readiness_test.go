package harness

import (
	"strings"
	"testing"
)

func TestReadinessConfigIsChecked(t *testing.T) {
	t.Parallel()
	for yaml, want := range map[string]string{
		"base: {jar: b.jar, readiness: {log: 'Started \\S+ in'}}\nmodules: [{jar: a.jar}]\n":                     "",
		"base: {jar: b.jar, readiness: {http: 'http://127.0.0.1:{httpport}/health'}}\nmodules: [{jar: a.jar}]\n": "",
		"base: {jar: b.jar, readiness: {arklet: true}}\nmodules: [{jar: a.jar}]\n":                               "",
		"base: {jar: b.jar, readiness: {arklet: true, log: x}}\nmodules: [{jar: a.jar}]\n":                       "set one of http, log and arklet",
		"base: {jar: b.jar, readiness: {}}\nmodules: [{jar: a.jar}]\n":                                           "set one of http, log and arklet",
		"base: {jar: b.jar, readiness: {log: '(x'}}\nmodules: [{jar: a.jar}]\n":                                  "base.readiness.log: bad regexp",
		"base: {jar: b.jar, readiness: {http: 'localhost:8080'}}\nmodules: [{jar: a.jar}]\n":                     "is not an http(s) URL",
		"base: {jar: b.jar, readiness: {tcp: 1}}\nmodules: [{jar: a.jar}]\n":                                     "field tcp not found",
	} {
		sc, err := parseScenario([]byte(yaml))
		if err == nil {
			err = sc.Normalize()
		}
		switch {
		case want == "" && err != nil:
			t.Errorf("%s: %v", yaml, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("%s: got %v, want %q", yaml, err, want)
		}
	}
}
