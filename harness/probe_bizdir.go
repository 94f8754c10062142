package harness

import (
	"context"
	"fmt"
	"strings"
)

// bizDirProbe lists the base's biz work dir: an unpacked copy of a module left after its
// uninstall is KP8008.
type bizDirProbe struct{}

func (*bizDirProbe) baseline(context.Context, *runner) error { return nil }

func (*bizDirProbe) afterCycle(ctx context.Context, r *runner, pc *probeCycle) {
	c := pc.cycle
	ents, err := r.base.BizDirEntries(ctx)
	if err != nil {
		r.checkFailed("post-uninstall biz dir check (no unpacked copy of an uninstalled module is left)", c, err)
		return
	}
	for _, m := range r.mods {
		if m.installed {
			continue
		}
		prefix := m.jar.Name + "-" + m.jar.Version + "-"
		var left []string
		for _, e := range ents {
			if strings.HasPrefix(e, prefix) {
				left = append(left, e)
			}
		}
		if len(left) > 0 {
			r.add(ruleTempDirLeft, m, c, fmt.Sprintf("%d unpacked copy(ies) of %s left in the biz work dir after uninstall", len(left), m.identity()), left...)
		}
	}
}
