package harness

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/moby/moby/client"

	"github.com/kompat/kompat/harness/image"
)

func init() {
	// Before any testcontainers call: no reaper (its image cannot be pulled), no chatter.
	image.PrepareEnv()
	registerRuntime("container", func() (Runtime, error) { return newContainerRuntime(context.Background()) })
}

// errProbeUnavailable is wrapped by Base.Jcmd when the base cannot be probed at all (the image
// has no jcmd): lifecycle verification can go on, but leak probes must be reported as
// unavailable, never as passed.
var errProbeUnavailable = errors.New("probe unavailable")

// Environment variables the registered "container" runtime reads for its knobs (the CLI and
// scenario files may set the same fields directly).
const (
	envContainerImage    = "KOMPAT_CONTAINER_IMAGE"     // image of the base (default: the reference image, built when missing)
	envContainerHostPort = "KOMPAT_CONTAINER_HOST_PORT" // pin the 127.0.0.1 host port of the arklet publish
	envContainerPID      = "KOMPAT_CONTAINER_PID"       // pid or process name of the base JVM inside the container
	envContainerJcmd     = "KOMPAT_CONTAINER_JCMD"      // path of jcmd inside the container ("-": none)
	envContainerBridge   = "KOMPAT_CONTAINER_BRIDGE"    // loopback bridge: auto, on, off
)

// ContainerRuntime runs the base in a container on the local Docker engine through
// testcontainers-go. The arklet port (and ExtraPorts) are published on 127.0.0.1 only; module
// jars are copied into the container; jcmd runs inside it (docker exec) against the base JVM;
// everything it creates carries the harness labels and is removed by Stop.
type ContainerRuntime struct {
	// Image is the base image; BaseSpec.Image wins when set. Empty means image.DefaultTag, which
	// is built from this machine's JDK when missing. Nothing is ever pulled.
	Image string
	// HostPort pins the host port the arklet port is published on (127.0.0.1:HostPort); 0 picks
	// a free one.
	HostPort int
	// ExtraPorts are more container ports to publish on 127.0.0.1 (e.g. the base's 8080); see
	// ContainerBase.Endpoint.
	ExtraPorts []int
	// PID selects the base JVM inside the container for jcmd: a number, or a name matched against
	// `jcmd -l` (main class or jar). Empty: the only JVM, else pid 1, else the first listed.
	PID string
	// Jcmd is jcmd's path inside the container. Empty: the image's kompat.image.jcmd label, else
	// "jcmd" on the image's PATH. "-" means the image has none: probes are unavailable.
	Jcmd string
	// JcmdOptions are -J options for the jcmd launcher (default: fast start-up flags).
	JcmdOptions []string
	// Java replaces {java} in the base command (default "java", resolved on the image's PATH).
	Java string
	// BizDir replaces {bizdir} (default /tmp/sofa-ark, SOFAArk's own default).
	BizDir string
	// UseImageCommand starts the image's own ENTRYPOINT/CMD instead of the BaseSpec command (a
	// prebuilt Koupleless base image that starts itself).
	UseImageCommand bool
	// Bridge forwards the container's own address to 127.0.0.1 inside it, for bases that bind
	// arklet to loopback (the reference base does): "auto" (when the image carries the bridge),
	// "on" or "off".
	Bridge string
	// Keep leaves the container in place after Stop (debugging); `kompat cleanup` removes it.
	Keep bool
	// Log receives progress of a reference image build (the first container run on a machine
	// builds it, about half a minute); nil means silent.
	Log io.Writer
	// NoJcmdHelper turns off the persistent jcmd helper of the reference image (one attached JVM
	// for the whole run instead of a jcmd JVM per probe); every probe then execs jcmd.
	NoJcmdHelper bool
}

// newContainerRuntime checks that a Docker engine answers and returns the runtime with its knobs
// read from the KOMPAT_CONTAINER_* variables. Without an engine the error wraps
// image.ErrNoEngine.
func newContainerRuntime(ctx context.Context) (*ContainerRuntime, error) {
	cli, err := image.Engine(ctx)
	if err != nil {
		return nil, fmt.Errorf("container runtime: %w", err)
	}
	cli.Close()
	r := &ContainerRuntime{Image: os.Getenv(envContainerImage), PID: os.Getenv(envContainerPID),
		Jcmd: os.Getenv(envContainerJcmd), Bridge: os.Getenv(envContainerBridge)}
	if p := os.Getenv(envContainerHostPort); p != "" {
		if r.HostPort, err = strconv.Atoi(p); err != nil || r.HostPort <= 0 || r.HostPort > 65535 {
			return nil, fmt.Errorf("container runtime: %s=%q is not a port", envContainerHostPort, p)
		}
	}
	return r, nil
}

// Name implements Runtime.
func (*ContainerRuntime) Name() string { return "container" }

func (r *ContainerRuntime) resolveImage(ctx context.Context, cli *client.Client, spec baseSpec) (string, map[string]string, error) {
	img := spec.Image
	if img == "" {
		img = r.Image
	}
	if img == "" && spec.Jar != "" {
		// No image named: build one for this base. A Spring Boot (Koupleless) base gets a jlink
		// runtime with the JDK modules Spring Boot needs, under a tag of its own.
		plan, err := image.PlanFor(spec.Jar)
		if err != nil {
			return "", nil, err
		}
		if plan.Kind != "refbase" {
			res, err := image.Ensure(ctx, cli, image.Options{Tag: plan.Tag, BaseJar: spec.Jar, Modules: plan.Modules, Kind: plan.Kind, Log: r.Log})
			if err != nil {
				return "", nil, fmt.Errorf("base image for %s: %w", spec.Jar, err)
			}
			img = res.Tag
		}
	}
	if img == "" || img == image.DefaultTag {
		res, err := image.Ensure(ctx, cli, image.Options{Log: r.Log})
		if err != nil {
			return "", nil, fmt.Errorf("reference base image: %w", err)
		}
		img = res.Tag
	}
	ii, err := cli.ImageInspect(ctx, img)
	if err != nil {
		if cerrdefs.IsNotFound(err) {
			return "", nil, fmt.Errorf("image %s is not in the local engine, and nothing is pulled: build or load it first (kompat image build makes the reference one)", img)
		}
		return "", nil, fmt.Errorf("inspect image %s: %w", img, err)
	}
	var labels map[string]string
	if ii.Config != nil {
		labels = ii.Config.Labels
	}
	return img, labels, nil
}

// ContainerConfig is the container runtime's part of a scenario (meant for a `container:` block
// under `base:`; unknown keys stay an error with the strict decoder). Zero values keep the
// runtime's defaults and the KOMPAT_CONTAINER_* variables.
type ContainerConfig struct {
	Image           string `yaml:"image"`           // base image (default: the reference image)
	HostPort        int    `yaml:"hostPort"`        // pin the 127.0.0.1 host port of the arklet publish
	ExtraPorts      []int  `yaml:"extraPorts"`      // more container ports published on 127.0.0.1 (e.g. 8080)
	PID             string `yaml:"pid"`             // pid or process name of the base JVM inside the container
	Jcmd            string `yaml:"jcmd"`            // jcmd inside the container ("-": none, probes unavailable)
	UseImageCommand bool   `yaml:"useImageCommand"` // start the image's own ENTRYPOINT/CMD
	Bridge          string `yaml:"bridge"`          // loopback bridge: auto, on, off
}

// Runtime returns a container runtime with the config applied over NewContainerRuntime's
// defaults; without a Docker engine the error wraps image.ErrNoEngine.
func (c ContainerConfig) Runtime(ctx context.Context) (*ContainerRuntime, error) {
	r, err := newContainerRuntime(ctx)
	if err != nil {
		return nil, err
	}
	if c.Image != "" {
		r.Image = c.Image
	}
	if c.HostPort != 0 {
		r.HostPort = c.HostPort
	}
	r.ExtraPorts = append(r.ExtraPorts, c.ExtraPorts...)
	if c.PID != "" {
		r.PID = c.PID
	}
	if c.Jcmd != "" {
		r.Jcmd = c.Jcmd
	}
	r.UseImageCommand = r.UseImageCommand || c.UseImageCommand
	if c.Bridge != "" {
		r.Bridge = c.Bridge
	}
	switch r.Bridge {
	case "", "auto", "on", "off":
	default:
		return nil, fmt.Errorf("container runtime: bridge must be auto, on or off, not %q", r.Bridge)
	}
	return r, nil
}
