package harness

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/kompat/kompat/harness/hprof"
	"github.com/kompat/kompat/reports"
)

// heapDumper is a Base that can write a heap dump of live objects (jcmd GC.heap_dump) and hand it
// to the harness as a file on this machine. The caller removes the file.
type heapDumper interface {
	HeapDump(ctx context.Context) (string, error)
}

// noticeHeapUnavailable is the notice code for retained loaders whose holder could not be shown
// (no heap dump on this runtime, or the dump could not be read).
const noticeHeapUnavailable = "KP9805"

// noticeSoftOnly is the notice code for a live module loader that only soft, weak, phantom or
// final references reach: the JVM may keep it until memory runs short, but nothing leaks it.
const noticeSoftOnly = "KP9806"

// heapRetention is what one heap dump says about a module's live loaders.
type heapRetention struct {
	paths    []*hprof.Path // one per strongly held loader
	weakOnly int           // live loaders that no strong path reaches
}

// heapRetained takes one heap dump and returns, for each module that is not installed and has a
// live loader, the shortest strong reference path from a GC root to each of its loaders. A
// loader is the module's when its name or bizIdentity field names the module's identity, else
// when it defines one of the module's classes.
func (r *runner) heapRetained(ctx context.Context) (map[*modState]*heapRetention, hprof.Stats, error) {
	hd, ok := r.base.(heapDumper)
	if !ok {
		return nil, hprof.Stats{}, fmt.Errorf("the %s runtime takes no heap dumps", r.sc.Runtime)
	}
	cctx, cancel := context.WithTimeout(ctx, 2*r.sc.Timeouts.Probe)
	defer cancel()
	file, err := hd.HeapDump(cctx)
	if file != "" {
		defer os.Remove(file)
	}
	if err != nil {
		return nil, hprof.Stats{}, err
	}
	t := time.Now()
	h, err := hprof.Open(file)
	if err != nil {
		return nil, hprof.Stats{}, err
	}
	ids := h.Instances(r.sc.Base.BizClassLoader)
	fields, err := h.RefFields(ids)
	if err != nil {
		return nil, hprof.Stats{}, err
	}
	var strs []hprof.ID
	for _, f := range fields {
		strs = append(strs, f["name"], f["bizIdentity"])
	}
	names, err := h.Strings(strs)
	if err != nil {
		return nil, hprof.Stats{}, err
	}
	paths, err := h.ShortestPaths(ids)
	if err != nil {
		return nil, hprof.Stats{}, err
	}
	if err := h.NameThreads(paths); err != nil {
		return nil, hprof.Stats{}, err
	}
	out := map[*modState]*heapRetention{}
	for _, id := range ids {
		owner := r.loaderOwner(h, id, names[fields[id]["bizIdentity"]], names[fields[id]["name"]])
		if owner == nil || owner.installed {
			continue
		}
		hr := out[owner]
		if hr == nil {
			hr = &heapRetention{}
			out[owner] = hr
		}
		if p, ok := paths[id]; ok {
			p.Target = "biz loader"
			hr.paths = append(hr.paths, p)
		} else {
			hr.weakOnly++
		}
	}
	for _, hr := range out {
		sort.Slice(hr.paths, func(i, j int) bool { return len(hr.paths[i].Steps) < len(hr.paths[j].Steps) })
	}
	fi, _ := os.Stat(file)
	st := hprof.Stats{Objects: h.Objects(), References: h.References(), Parse: time.Since(t)}
	if fi != nil {
		st.Bytes = fi.Size()
	}
	return out, st, nil
}

func (r *runner) loaderOwner(h *hprof.Heap, id hprof.ID, names ...string) *modState {
	for _, n := range names {
		for _, m := range r.mods {
			if n != "" && (n == m.identity() || strings.HasSuffix(n, ":"+m.identity()) || strings.Contains(n, m.identity())) {
				return m
			}
		}
	}
	for _, cls := range h.DefinedBy(id) {
		for _, m := range r.mods {
			if m.jar.Owns(cls) {
				return m
			}
		}
	}
	return nil
}

// heapVerdicts confirms retained loaders with a heap dump: a module whose live loaders no strong
// path reaches is dropped from retained (a notice says so), and the others get their reference
// paths as evidence lines and related locations. Without a heap dump nothing changes and a
// notice says why, once per run.
func (r *runner) heapVerdicts(ctx context.Context, pc *probeCycle, retained map[*modState][]string) map[*modState]*heapRetention {
	if len(retained) == 0 || r.noJcmd != nil || r.sc.Probes.HeapDump == "off" {
		return nil
	}
	res, st, err := r.heapRetained(ctx)
	if err != nil {
		if !r.heapWarned {
			r.heapWarned = true
			r.progressf("%s: heap dump: %v", pc.label, err)
			r.notices = append(r.notices, reports.Notice{Code: noticeHeapUnavailable, Level: reports.NoticeWarning, Path: r.sc.Base.Jar,
				Message: "retained class loaders are reported without the reference path that holds them: heap dump: " + shortErr(err)})
		}
		return nil
	}
	pc.st.HeapDump = &st
	r.progressf("%s: heap dump: %d objects, %d references, %d bytes, parsed in %s", pc.label, st.Objects, st.References, st.Bytes, st.Parse.Round(time.Millisecond))
	for m := range retained {
		hr := res[m]
		if hr == nil || len(hr.paths) > 0 {
			continue
		}
		delete(retained, m)
		if !r.softNoted[m] {
			if r.softNoted == nil {
				r.softNoted = map[*modState]bool{}
			}
			r.softNoted[m] = true
			r.notices = append(r.notices, reports.Notice{Code: noticeSoftOnly, Level: reports.NoticeInfo, Path: m.jar.Path,
				Message: fmt.Sprintf("%s: %d class loader(s) still live after uninstall are reachable only through soft, weak or final references (JDK or library caches): not retained", m.identity(), hr.weakOnly)})
		}
	}
	return res
}

// heapEvidence renders the reference paths of one module's loaders.
func heapEvidence(hr *heapRetention) (ev []string, related []string) {
	if hr == nil {
		return nil, nil
	}
	for i, p := range hr.paths {
		if i == 3 {
			ev = append(ev, fmt.Sprintf("... %d more strongly held loader(s)", len(hr.paths)-3))
			break
		}
		s := p.String()
		ev = append(ev, "reference path (heap dump): "+s)
		if full := p.Full(); !strings.HasPrefix(s, p.RootDesc) {
			ev = append(ev, "  from GC root: "+full)
		}
		related = append(related, s)
	}
	if hr.weakOnly > 0 {
		ev = append(ev, fmt.Sprintf("%d more live loader(s) of the module are reachable only through soft, weak or final references", hr.weakOnly))
	}
	return ev, related
}

var heapDumpSeq atomic.Int64
