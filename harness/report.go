package harness

import "github.com/kompat/kompat/reports"

// ReportRun turns the per-cycle numbers of a finished run of sc into the report's form.
func (res *result) ReportRun(sc *Scenario) reports.Run {
	run := reports.Run{Scenario: sc.Name, Runtime: sc.Runtime, Modules: len(sc.Modules), Cycles: []reports.Cycle{}}
	if run.Runtime == "" {
		run.Runtime = "process"
	}
	for _, c := range res.Cycles {
		rc := reports.Cycle{Cycle: c.Cycle, ModulesCycling: c.ModulesCycling, Probed: c.Probed,
			OpsMS: float64(c.Ops.Microseconds()) / 1000, ProbesMS: float64(c.Probes.Microseconds()) / 1000,
			LoadersAlive: c.LoadersAlive, ThreadsAlive: c.ThreadsAlive, HeapUsedBytes: c.UsedHeapM * (1 << 20),
			MetaspaceUsedBytes: c.UsedMetaspace, LoadedClasses: c.LoadedClasses}
		if c.HeapDump != nil {
			rc.HeapDumpBytes = c.HeapDump.Bytes
		}
		run.Cycles = append(run.Cycles, rc)
	}
	return run
}
