package harness

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
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

// Actuator health: UP only on a 2xx whose status, if any, is UP; a 503 DOWN is an answer (keep
// waiting for UP), a 404 is no actuator at all.
func TestHealthUP(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		code         int
		body         string
		up, answered bool
	}{
		{200, `{"status":"UP"}`, true, true},
		{200, `{"status":"OUT_OF_SERVICE"}`, false, true},
		{503, `{"status":"DOWN"}`, false, true},
		{404, `<html>Whitelabel Error Page</html>`, false, false},
		{200, `ok`, true, true},
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(c.code)
			io.WriteString(w, c.body)
		}))
		up, answered, err := healthUP(context.Background(), srv.Client(), srv.URL)
		srv.Close()
		if err != nil || up != c.up || answered != c.answered {
			t.Errorf("%d %s: up %v answered %v (%v), want %v %v", c.code, c.body, up, answered, err, c.up, c.answered)
		}
	}
}
