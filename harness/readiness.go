package harness

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// ReadinessConfig says when a started base is ready for installs (base.readiness). Arklet
// answers during a Spring Boot base's context refresh, before the web server starts, so arklet
// health alone does not mean the base is ready for web modules. At most one field may be set;
// none means the default: actuator health UP when the base answers it on its web port, else the
// Spring Boot "Started <App> in N seconds" line in the base's output when the base is a Spring
// Boot jar (or the reference base, which prints it), else arklet health alone.
type ReadinessConfig struct {
	// HTTP is a URL that must answer 2xx (and, when its JSON body has a status, status UP);
	// {httpport} and {port} are replaced by the base's web and arklet ports.
	HTTP string `yaml:"http"`
	// Log is a regexp that a line of the base's output must match.
	Log string `yaml:"log"`
	// Arklet: arklet health (master biz activated) is enough.
	Arklet bool `yaml:"arklet"`
}

// startedLine is Spring Boot's "Started <App> in N seconds" log line.
var startedLine = regexp.MustCompile(`Started \S+ in \d+(?:\.\d+)? seconds`)

func (c *ReadinessConfig) check() error {
	if c == nil {
		return nil
	}
	n := 0
	for _, set := range []bool{c.HTTP != "", c.Log != "", c.Arklet} {
		if set {
			n++
		}
	}
	if n > 1 {
		return errors.New("base.readiness: set one of http, log and arklet")
	}
	if n == 0 {
		return errors.New("base.readiness: set one of http, log and arklet (or leave readiness out for the default)")
	}
	if c.Log != "" {
		if _, err := regexp.Compile(c.Log); err != nil {
			return fmt.Errorf("base.readiness.log: bad regexp %q: %w", c.Log, err)
		}
	}
	if c.HTTP != "" && !strings.HasPrefix(c.HTTP, "http://") && !strings.HasPrefix(c.HTTP, "https://") {
		return fmt.Errorf("base.readiness.http: %q is not an http(s) URL", c.HTTP)
	}
	return nil
}

// webPortBase is a base whose web port ({httpport}) is reachable on 127.0.0.1.
type webPortBase interface{ HTTPPort() int }

// readiness returns what the base must show before the first install, and a check that says
// whether it does now (nil: ready); nil check means arklet health is enough.
func (r *runner) readiness() (string, func(context.Context) error, error) {
	rc := r.sc.Base.Readiness
	httpPort := 0
	if wb, ok := r.base.(webPortBase); ok {
		httpPort = wb.HTTPPort()
	}
	hc := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{Proxy: nil, DisableKeepAlives: true}}
	switch {
	case rc != nil && rc.Arklet:
		return "arklet health", nil, nil
	case rc != nil && rc.Log != "":
		re := regexp.MustCompile(rc.Log)
		return fmt.Sprintf("a base log line matching %q", rc.Log), r.logCheck(re), nil
	case rc != nil && rc.HTTP != "":
		u := rc.HTTP
		if strings.Contains(u, "{httpport}") {
			if httpPort == 0 {
				return "", nil, fmt.Errorf("base.readiness.http %q uses {httpport}, which the %s runtime does not reach from here", u, r.sc.Runtime)
			}
			u = strings.ReplaceAll(u, "{httpport}", strconv.Itoa(httpPort))
		}
		if p := arkletPort(r.base.ArkletURL()); p != "" {
			u = strings.ReplaceAll(u, "{port}", p)
		}
		return u + " answering UP", func(ctx context.Context) error {
			up, answered, err := healthUP(ctx, hc, u)
			switch {
			case err != nil:
				return err
			case !answered:
				return fmt.Errorf("%s does not answer 2xx yet", u)
			case !up:
				return fmt.Errorf("%s is not UP yet", u)
			}
			return nil
		}, nil
	}
	kind, springBoot, _ := inspectBase(r.sc.Base.Jar)
	logWait := springBoot || kind == baseReference
	actuator := ""
	if httpPort != 0 {
		actuator = "http://127.0.0.1:" + strconv.Itoa(httpPort) + "/actuator/health"
	}
	if actuator == "" && !logWait {
		return "arklet health (the base is not a Spring Boot jar)", nil, nil
	}
	logCheck := r.logCheck(startedLine)
	desc := `the Spring Boot "Started ... in ... seconds" log line`
	if actuator != "" {
		desc = "actuator health UP at " + actuator
		if logWait {
			desc += ` (or, while it does not answer, the Spring Boot "Started ... in ... seconds" log line)`
		}
	}
	return desc, func(ctx context.Context) error {
		if actuator != "" {
			up, answered, _ := healthUP(ctx, hc, actuator)
			if up {
				return nil
			}
			if answered {
				return fmt.Errorf("%s answers, but not UP", actuator)
			}
		}
		if logWait {
			return logCheck(ctx)
		}
		return nil // no actuator answers, and no log line to wait for
	}, nil
}

func (r *runner) logCheck(re *regexp.Regexp) func(context.Context) error {
	return func(ctx context.Context) error {
		s, err := r.base.Logs(ctx)
		if err != nil {
			return err
		}
		if re.MatchString(s) {
			return nil
		}
		return fmt.Errorf("no line matching %q in the base log yet", re.String())
	}
}

// healthUP asks a health URL: answered is true for a 2xx answer or one whose JSON body has a
// status (Spring's actuator answers 503 while DOWN); up is a 2xx whose status, if any, is UP.
func healthUP(ctx context.Context, hc *http.Client, u string) (up, answered bool, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return false, false, err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return false, false, err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	var st struct {
		Status *string `json:"status"`
	}
	hasStatus := json.Unmarshal(body, &st) == nil && st.Status != nil
	ok := resp.StatusCode/100 == 2
	answered = ok || hasStatus
	up = ok && (!hasStatus || strings.EqualFold(*st.Status, "UP"))
	return up, answered, nil
}

func arkletPort(u string) string {
	if i := strings.LastIndexByte(u, ':'); i >= 0 {
		return strings.TrimRight(u[i+1:], "/")
	}
	return ""
}
