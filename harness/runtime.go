package harness

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
)

// baseSpec says how to start a base JVM. Everything base-specific is here, so the same harness
// drives the reference base and a real Koupleless base (a Spring Boot fat jar with
// koupleless-base-starter).
type baseSpec struct {
	// Jar is the base jar on the host. A runtime makes it available to the JVM it starts and
	// substitutes its path (as the JVM sees it) for {jar} in Command.
	Jar string
	// Command is the argv that starts the base. Placeholders: {jar} (the base jar), {port} (the
	// arklet port inside the runtime), {httpport} (the base's own web port, server.port),
	// {bizdir} (the biz work dir, com.alipay.sofa.ark.biz.dir), {logdir} (logging.path, where
	// sofa-ark and arklet write their log files), {java} (the java launcher).
	// Empty means defaultCommand.
	Command []string
	// JavaOptions are inserted right after {java} when Command is empty (e.g. -Xmx256m); they may
	// use the same placeholders.
	JavaOptions []string
	// Env is added to the base's environment.
	Env map[string]string
	// ArkletPort is the arklet port inside the runtime. 0 means: the process runtime picks a free
	// loopback port; a container runtime uses 1238 and publishes it on 127.0.0.1.
	ArkletPort int
	// HTTPPort is the base's web port (Spring Boot's server.port, {httpport}) inside the runtime.
	// 0 means: the process runtime picks a free loopback port, so that bases started side by side
	// or one after the other never clash on 8080; a container runtime uses 8080 (each container
	// has a network of its own).
	HTTPPort int
	// Image is the container image for container runtimes; the process runtime ignores it.
	Image string
	// LogFile, if set, is where the base's stdout and stderr go on the host. Empty means a file in
	// the runtime's own work dir.
	LogFile string
	// StartTimeout bounds Start (process started, arklet port accepting). 0 means 60s.
	StartTimeout time.Duration
}

// defaultCommand starts an executable base jar with the arklet port and the web port pinned, the
// biz work dir known and the log files (sofa-ark/, sofa-arklet/ under logging.path) in the run's
// log dir, where failure evidence is read from. It suits both the reference base and a Koupleless Spring Boot base.
var defaultCommand = []string{"{java}", "-Dkoupleless.arklet.http.port={port}", "-Dserver.port={httpport}",
	"-Dcom.alipay.sofa.ark.biz.dir={bizdir}", "-Dlogging.path={logdir}", "-jar", "{jar}"}

// defaultJavaOptions go before BaseSpec.JavaOptions when Command is empty (a later flag wins).
// -XX:SoftRefLRUPolicyMSPerMB=0 makes every full GC clear softly reachable objects: a module loader
// that only JDK or library caches hold softly (the java.beans introspection cache that Spring's
// bean introspection fills) is then collected, and only strongly retained loaders remain to be
// reported.
var defaultJavaOptions = []string{"-XX:SoftRefLRUPolicyMSPerMB=0"}

// expandCommand returns the base command with placeholders replaced.
func expandCommand(spec baseSpec, vars map[string]string) []string {
	cmd := spec.Command
	if len(cmd) == 0 {
		cmd = append(append([]string{defaultCommand[0]}, defaultJavaOptions...), spec.JavaOptions...)
		cmd = append(cmd, defaultCommand[1:]...)
	}
	out := make([]string, len(cmd))
	for i, a := range cmd {
		for k, v := range vars {
			a = strings.ReplaceAll(a, "{"+k+"}", v)
		}
		out[i] = a
	}
	return out
}

// Runtime starts base JVMs. It is shaped like testcontainers-go's Run: Start returns a Base even
// when it also returns an error (unless nothing at all was started, then the Base is nil), so the
// caller can always read its log and must always call Stop.
type Runtime interface {
	// Name is the registry name ("process", "container").
	Name() string
	// Start launches the base and returns once its arklet port accepts TCP connections on
	// 127.0.0.1 (arklet readiness, health SUCCESS, is checked by the caller with the arklet client).
	Start(ctx context.Context, spec baseSpec) (base, error)
}

// base is a running base JVM. All methods are safe for concurrent use.
type base interface {
	// ArkletURL is the arklet base URL as seen from this process, always on 127.0.0.1, e.g.
	// "http://127.0.0.1:40123" (no trailing slash).
	ArkletURL() string
	// Jcmd runs a diagnostic command against the base JVM, e.g. Jcmd(ctx, "GC.class_histogram"),
	// and returns its output. An error means the command could not run or the JVM refused it.
	Jcmd(ctx context.Context, args ...string) (string, error)
	// PutModule makes a module jar on the host readable by the base and returns the bizUrl the
	// base must be given in installBiz (a URL valid inside the base, e.g. file:///modules/a.jar).
	PutModule(ctx context.Context, hostPath string) (bizURL string, err error)
	// Logs returns the base's combined stdout and stderr so far.
	Logs(ctx context.Context) (string, error)
	// BizDirEntries lists the names of the entries in the base's biz work dir ({bizdir}), where
	// installed modules are unpacked; a missing dir is an empty list.
	BizDirEntries(ctx context.Context) ([]string, error)
	// Exited is closed when the base JVM has exited (crash, System.exit, Stop). It may be nil if
	// the runtime cannot tell, in which case callers learn of a dead base from failed calls.
	Exited() <-chan struct{}
	// ExitStatus says how the base JVM ended once Exited is closed ("exit code 1", "killed by
	// signal SIGKILL"); "" while it runs or when the runtime cannot tell.
	ExitStatus() string
	// Stop kills the base and everything it started (the whole process group or container) and
	// releases the runtime's resources. It always tries every step, is idempotent, and is safe to
	// call after a failed Start.
	Stop(ctx context.Context) error
}

var (
	runtimesMu sync.Mutex
	runtimes   = map[string]func() (Runtime, error){}
)

// ErrRuntimeUnavailable is returned by NewRuntime for a known runtime name that this build does
// not provide (yet), such as "container" before that runtime is registered.
var ErrRuntimeUnavailable = errors.New("not available")

// KnownRuntimes are the names a user may ask for, registered or not.
var KnownRuntimes = []string{"process", "container"}

// registerRuntime adds a runtime factory under a name; each runtime's file calls it in init.
// Registering a name twice panics.
func registerRuntime(name string, factory func() (Runtime, error)) {
	runtimesMu.Lock()
	defer runtimesMu.Unlock()
	if _, dup := runtimes[name]; dup {
		panic("harness: runtime registered twice: " + name)
	}
	runtimes[name] = factory
}

// Runtimes lists the registered runtime names.
func Runtimes() []string {
	runtimesMu.Lock()
	defer runtimesMu.Unlock()
	var out []string
	for n := range runtimes {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// newRuntime returns the runtime registered under name. A known but unregistered name gives an
// error wrapping ErrRuntimeUnavailable; an unknown name gives a plain error.
func newRuntime(name string) (Runtime, error) {
	runtimesMu.Lock()
	f, ok := runtimes[name]
	runtimesMu.Unlock()
	if ok {
		return f()
	}
	for _, k := range KnownRuntimes {
		if k == name {
			return nil, fmt.Errorf("runtime %q: %w yet in this build", name, ErrRuntimeUnavailable)
		}
	}
	return nil, fmt.Errorf("unknown runtime %q (registered: %s)", name, strings.Join(Runtimes(), ", "))
}
