package harness

import (
	"context"
	"fmt"
	"regexp"
)

// propertyProbe diffs VM.system_properties against the pre-install baseline: properties a module
// set, changed or removed and that stay so after its uninstall are KP8009.
type propertyProbe struct {
	ignore []*regexp.Regexp
	base   map[string]string
	last   map[string]string    // the previous snapshot, for attribution
	by     map[string]*modState // property -> the module after whose install it changed
}

func newPropertyProbe(sc *Scenario) *propertyProbe {
	p := &propertyProbe{base: map[string]string{}, by: map[string]*modState{}}
	for _, re := range append(append([]string{}, defaultIgnoreProperties...), sc.Probes.IgnoreProperties...) {
		p.ignore = append(p.ignore, regexp.MustCompile(re))
	}
	p.last = p.base
	return p
}

func (p *propertyProbe) baseline(ctx context.Context, r *runner) error {
	props, err := r.sysProps(ctx)
	if err != nil {
		return err
	}
	p.base, p.last = props, props
	return nil
}

func (p *propertyProbe) ignored(name string) bool {
	for _, re := range p.ignore {
		if re.MatchString(name) {
			return true
		}
	}
	return false
}

func (p *propertyProbe) afterInstall(ctx context.Context, r *runner, m *modState) {
	if props, err := r.sysProps(ctx); err == nil {
		for k, v := range props {
			if old, ok := p.last[k]; (!ok || old != v) && p.by[k] == nil {
				p.by[k] = m
			}
		}
		for k := range p.last {
			if _, ok := props[k]; !ok && p.by[k] == nil {
				p.by[k] = m
			}
		}
		p.last = props
	}
}

func (p *propertyProbe) afterCycle(ctx context.Context, r *runner, pc *probeCycle) {
	c := pc.cycle
	if props, err := r.sysProps(ctx); err == nil {
		changes := map[*modState][]string{}
		by := func(k string) *modState {
			if m := p.by[k]; m != nil || len(r.mods) > 1 {
				return m
			}
			return r.mods[0]
		}
		for _, k := range sortedKeys(props) {
			old, had := p.base[k]
			if (had && old == props[k]) || p.ignored(k) {
				continue
			}
			d := fmt.Sprintf("%s: %q -> %q", k, old, props[k])
			if !had {
				d = fmt.Sprintf("%s: (unset) -> %q", k, props[k])
			}
			changes[by(k)] = append(changes[by(k)], d)
		}
		for _, k := range sortedKeys(p.base) {
			if _, ok := props[k]; !ok && !p.ignored(k) {
				changes[by(k)] = append(changes[by(k)], fmt.Sprintf("%s: %q -> (unset)", k, p.base[k]))
			}
		}
		for m, ch := range changes {
			if m != nil && m.installed {
				continue
			}
			who := "a module (not attributable)"
			if m != nil {
				who = m.identity()
			}
			r.add(ruleSysPropChanged, m, c, fmt.Sprintf("%s changed %d JVM system propert(ies) and they stay changed after uninstall", who, len(ch)), ch...)
		}
		p.last = props
	}
}
