package reports

import (
	"fmt"
	"html/template"
	"strings"
)

// htmlRun is a Run with its chart, for the HTML report.
type htmlRun struct {
	Run
	Chart template.HTML
	// OpsMS and ProbesMS are totals over the cycles; OverheadPct is probes / (ops + probes).
	OpsMS, ProbesMS, OverheadPct float64
}

type series struct {
	name, color, unit string
	vals              []float64
}

// cycleChart draws loaders alive, threads alive and metaspace used per cycle as one inline SVG
// (each line scaled to its own maximum, given in the legend): a leak is a rising line. Only
// probed cycles are plotted. The SVG holds numbers and fixed names only; nothing from the input
// reaches it.
func cycleChart(run Run) template.HTML {
	var cyc []Cycle
	for _, c := range run.Cycles {
		if c.Probed {
			cyc = append(cyc, c)
		}
	}
	if len(cyc) == 0 {
		return ""
	}
	ss := []series{{name: "loaders alive", color: "#c0392b"}, {name: "threads alive", color: "#2471a3"},
		{name: "metaspace used", color: "#1e8449", unit: "MiB"}}
	for _, c := range cyc {
		ss[0].vals = append(ss[0].vals, float64(c.LoadersAlive))
		ss[1].vals = append(ss[1].vals, float64(c.ThreadsAlive))
		ss[2].vals = append(ss[2].vals, c.MetaspaceUsedBytes/(1<<20))
	}
	const w, h, left, right, top, bottom = 640, 180, 40, 10, 10, 40
	pw, ph := float64(w-left-right), float64(h-top-bottom)
	x := func(i int) float64 {
		if len(cyc) == 1 {
			return left + pw/2
		}
		return left + pw*float64(i)/float64(len(cyc)-1)
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="per-cycle loaders, threads and metaspace">`, w, h, w, h)
	fmt.Fprintf(&sb, `<rect x="%d" y="%d" width="%.0f" height="%.0f" fill="none" stroke="#ccc"/>`, left, top, pw, ph)
	for i, c := range cyc {
		if len(cyc) <= 20 || i%((len(cyc)+19)/20) == 0 || i == len(cyc)-1 {
			fmt.Fprintf(&sb, `<text x="%.1f" y="%d" font-size="10" text-anchor="middle">%d</text>`, x(i), h-bottom+12, c.Cycle)
		}
	}
	fmt.Fprintf(&sb, `<text x="%.0f" y="%d" font-size="10" text-anchor="middle">cycle</text>`, left+pw/2, h-bottom+24)
	for k, s := range ss {
		mx := 0.0
		for _, v := range s.vals {
			mx = max(mx, v)
		}
		var pts []string
		for i, v := range s.vals {
			y := top + ph
			if mx > 0 {
				y = top + ph*(1-v/mx)
			}
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(i), y))
		}
		fmt.Fprintf(&sb, `<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>`, s.color, strings.Join(pts, " "))
		label := strings.TrimSpace(fmt.Sprintf("%s (max %g %s", s.name, round1(mx), s.unit)) + ")"
		lx := left + k*200
		fmt.Fprintf(&sb, `<rect x="%d" y="%d" width="10" height="10" fill="%s"/><text x="%d" y="%d" font-size="11">%s</text>`,
			lx, h-12, s.color, lx+14, h-3, template.HTMLEscapeString(label))
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}

func round1(v float64) float64 { return float64(int64(v*10+0.5)) / 10 }

func htmlRuns(runs []Run) []htmlRun {
	var out []htmlRun
	for _, r := range runs {
		hr := htmlRun{Run: r, Chart: cycleChart(r)}
		for _, c := range r.Cycles {
			hr.OpsMS += c.OpsMS
			hr.ProbesMS += c.ProbesMS
		}
		if t := hr.OpsMS + hr.ProbesMS; t > 0 {
			hr.OverheadPct = round1(100 * hr.ProbesMS / t)
		}
		hr.OpsMS, hr.ProbesMS = round1(hr.OpsMS), round1(hr.ProbesMS)
		out = append(out, hr)
	}
	return out
}
