package harness

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/moby/moby/client"

	"github.com/kompat/kompat/harness/image"
)

// harnessLabels are the labels of everything a run creates.
func harnessLabels(runID string) map[string]string {
	host, _ := os.Hostname()
	return map[string]string{image.LabelHarness: "1", image.LabelRun: runID,
		labelOwner: host + ":" + strconv.Itoa(os.Getpid())}
}

// labelOwner records host:pid of the kompat process that created a resource, so `kompat cleanup`
// can leave the resources of live runs alone.
const labelOwner = "kompat.harness.owner"

// Resources is what carries the harness label in the engine.
type Resources struct {
	Containers []string // "name (id, state)"
	Networks   []string
	Volumes    []string
}

// Count is the number of resources.
func (r Resources) Count() int { return len(r.Containers) + len(r.Networks) + len(r.Volumes) }

// String lists them.
func (r Resources) String() string {
	var parts []string
	for _, g := range []struct {
		kind  string
		items []string
	}{{"container", r.Containers}, {"network", r.Networks}, {"volume", r.Volumes}} {
		for _, it := range g.items {
			parts = append(parts, g.kind+" "+it)
		}
	}
	return strings.Join(parts, ", ")
}

// ListHarnessResources lists the containers, networks and volumes carrying the harness label and
// every extra label=value given (e.g. LabelOwner or image.LabelRun).
func ListHarnessResources(ctx context.Context, cli *client.Client, extra map[string]string) (Resources, error) {
	f := client.Filters{}.Add("label", image.LabelHarness+"=1")
	for k, v := range extra {
		f = f.Add("label", k+"="+v)
	}
	var res Resources
	cs, err := cli.ContainerList(ctx, client.ContainerListOptions{All: true, Filters: f})
	if err != nil {
		return res, fmt.Errorf("list containers: %w", err)
	}
	for _, c := range cs.Items {
		name := c.ID[:12]
		if len(c.Names) > 0 {
			name = strings.TrimPrefix(c.Names[0], "/")
		}
		res.Containers = append(res.Containers, fmt.Sprintf("%s (%s, %s)", name, c.ID[:12], c.State))
	}
	ns, err := cli.NetworkList(ctx, client.NetworkListOptions{Filters: f})
	if err != nil {
		return res, fmt.Errorf("list networks: %w", err)
	}
	for _, n := range ns.Items {
		res.Networks = append(res.Networks, n.Name)
	}
	vs, err := cli.VolumeList(ctx, client.VolumeListOptions{Filters: f})
	if err != nil {
		return res, fmt.Errorf("list volumes: %w", err)
	}
	for _, v := range vs.Items {
		res.Volumes = append(res.Volumes, v.Name)
	}
	return res, nil
}

// CleanupOptions select what Cleanup removes.
type CleanupOptions struct {
	// All removes the resources of live runs too (by default a resource whose owner label names a
	// kompat process still running on this host is left alone).
	All bool
	// Labels narrow the selection (label=value), on top of the harness label.
	Labels map[string]string
}

// Cleanup removes containers (forcefully, with their anonymous volumes), then networks and
// volumes that carry the harness label, and returns what it removed.
func Cleanup(ctx context.Context, cli *client.Client, opts CleanupOptions) (Resources, error) {
	f := client.Filters{}.Add("label", image.LabelHarness+"=1")
	for k, v := range opts.Labels {
		f = f.Add("label", k+"="+v)
	}
	var done Resources
	var errs []error
	live := func(labels map[string]string) bool {
		if opts.All {
			return false
		}
		return ownerAlive(labels[labelOwner])
	}
	cs, err := cli.ContainerList(ctx, client.ContainerListOptions{All: true, Filters: f})
	if err != nil {
		return done, fmt.Errorf("list containers: %w", err)
	}
	for _, c := range cs.Items {
		if live(c.Labels) {
			continue
		}
		if _, err := cli.ContainerRemove(ctx, c.ID, client.ContainerRemoveOptions{Force: true, RemoveVolumes: true}); err != nil && !cerrdefs.IsNotFound(err) {
			errs = append(errs, fmt.Errorf("remove container %s: %w", c.ID[:12], err))
			continue
		}
		done.Containers = append(done.Containers, c.ID[:12])
	}
	ns, err := cli.NetworkList(ctx, client.NetworkListOptions{Filters: f})
	if err != nil {
		return done, errors.Join(append(errs, fmt.Errorf("list networks: %w", err))...)
	}
	for _, n := range ns.Items {
		if live(n.Labels) {
			continue
		}
		if _, err := cli.NetworkRemove(ctx, n.ID, client.NetworkRemoveOptions{}); err != nil && !cerrdefs.IsNotFound(err) {
			errs = append(errs, fmt.Errorf("remove network %s: %w", n.Name, err))
			continue
		}
		done.Networks = append(done.Networks, n.Name)
	}
	vs, err := cli.VolumeList(ctx, client.VolumeListOptions{Filters: f})
	if err != nil {
		return done, errors.Join(append(errs, fmt.Errorf("list volumes: %w", err))...)
	}
	for _, v := range vs.Items {
		if live(v.Labels) {
			continue
		}
		if _, err := cli.VolumeRemove(ctx, v.Name, client.VolumeRemoveOptions{Force: true}); err != nil && !cerrdefs.IsNotFound(err) {
			errs = append(errs, fmt.Errorf("remove volume %s: %w", v.Name, err))
			continue
		}
		done.Volumes = append(done.Volumes, v.Name)
	}
	return done, errors.Join(errs...)
}

// sweepRun removes everything labelled with one run id.
func sweepRun(ctx context.Context, cli *client.Client, runID string) (Resources, error) {
	return Cleanup(ctx, cli, CleanupOptions{All: true, Labels: map[string]string{image.LabelRun: runID}})
}

// ownerAlive reports whether host:pid names a live process on this host.
func ownerAlive(owner string) bool {
	host, pidS, ok := strings.Cut(owner, ":")
	if !ok {
		return false
	}
	if h, _ := os.Hostname(); h != host {
		return false
	}
	pid, err := strconv.Atoi(pidS)
	if err != nil || pid <= 0 {
		return false
	}
	if pid == os.Getpid() {
		return true
	}
	_, err = os.Stat("/proc/" + strconv.Itoa(pid))
	return err == nil
}
