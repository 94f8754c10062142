// Package harness installs and uninstalls Koupleless (SOFAArk) modules in a real base JVM over the
// arklet protocol, cycles them, probes the JVM for what they leave behind and turns the results
// into runtime-family (KP8nnn) findings.
//
// # Runtimes
//
// A Runtime starts a base JVM (Runtime.Start) and hands back a Base: its arklet URL on 127.0.0.1,
// jcmd access, a place to put module jars, the base's log, a listing of its biz work dir and Stop.
// The "process" runtime (the default) runs the base as a child process group on this machine;
// other runtimes (containers) register themselves with registerRuntime.
// Installs start only once the base is ready, not when arklet first answers (readiness.go: actuator
// health UP, the Spring Boot "Started ... in" line, or the scenario's own check).
//
// # Cycles and probes
//
// Verify (through run) installs every module of a Scenario side by side (installBiz, in order, concurrently or in
// one batchInstallBiz as the scenario says), checks each is activated,
// uninstalls them (uninstallBiz), checks they are gone (queryAllBiz; a check that cannot run is a
// KP9809 notice), then probes: a full GC with a
// class histogram counting live instances of the biz ClassLoader class (confirmed by two more
// GC + finalization rounds before anything is reported), VM.classloaders to name each retained
// loader's module (a JDK 8 base has none: its modules are named by live instances of their own
// classes and by their threads, and the rest are reported with attribution unknown), a heap dump (GC.heap_dump, read by harness/hprof) that keeps only loaders a
// strong reference path from a GC root reaches and gives that path as evidence (bases start with
// -XX:SoftRefLRUPolicyMSPerMB=0, so softly held loaders are collected anyway), the base's optional
// leak-check command for what holds it, Thread.print diffed
// against the pre-install baseline (taken after 2 x cores arklet connections have started every
// Netty event loop of the base, so that only arklet's ARKLET-* pool threads are ignored by name), VM.system_properties diffed likewise, the health jvm counters and
// the biz work dir. The same name:version installs again in the next cycle (or once more when there
// is only one). The verdicts are KP8nnn findings (see Rules and rules/defs/KP8*.yaml).
//
// # Layout
//
// run.go starts the base and drives the run; cycle.go makes the install and uninstall calls
// (sequential, concurrent or batched); each probe (the probe interface: a baseline before the
// first install, a check after every probed cycle) has a file of its own: probe_loaders.go,
// probe_threads.go, probe_properties.go, probe_metaspace.go and probe_bizdir.go (probe_heap.go
// confirms the loader probe's verdicts with a heap dump); report.go turns the per-cycle numbers
// into the report's runs; verdicts.go
// records findings and applies expectations, summary.go writes the summary notices. The jcmd
// output parsers live in harness/jcmd. The container runtime is split into its configuration
// (container.go), the running base (container_base.go) and engine clean-up
// (container_cleanup.go). Every wait for a condition goes through poll.
//
// # Scenarios
//
// A Scenario (LoadScenarios reads a YAML file strictly: unknown keys are errors) names a base, its
// modules and how to cycle them; a file holds one scenario at the top level or several under
// `scenarios:`, and each scenario is one Run with a base of its own. Per scenario: the runtime
// (and a base.container block for the container runtime), cycles, timeouts, thresholds, probes,
// the install `order` (uninstalls follow it), `concurrency` (up to N installs and uninstalls at
// once, each on a connection of its own, never two on one biz and never beside a health call) and
// `batch` (one batchInstallBiz per cycle when the base's help lists it, else one by one with an
// info notice). A module's `expect: {fail: [KP8nnn...], reason: ...}` marks verdicts it is known
// to produce: they stay in the result, suppressed (kind "external", with the reason), and an
// expected verdict that does not occur is an error notice (NoticeExpectationStale). Result.Summary
// holds one info notice for the scenario and one per module (cycles, verdicts, install times).
//
// # Module lifecycle (reference base)
//
// A Koupleless base closes a module's Spring ApplicationContext when it uninstalls it
// (BizUninstallEventHandler on BeforeBizStopEvent): that is where a Spring module releases its
// threads, pools, timers and registrations. The reference base under testdata/harness/base does
// the same for a module that registered its context (a context initializer from the module's
// META-INF/spring.factories hands it to kompat.refbase.BizRuntimeContextRegistry, keyed by the
// context's class loader, as Koupleless's runtime does; see testdata/harness/spring), then closes
// the loader and clears its caches, then removes the unpacked directory. For the JDK-only test
// modules it has a stand-in convention on the main class (Start-Class, else Main-Class), which a
// real base never calls:
//
//   - If the main class implements java.lang.AutoCloseable, installing the module constructs one
//     instance (a public (String[]) constructor, else the no-arg one) on the arklet worker thread with
//     the biz loader as context loader: the constructor is the module's start, like a context
//     refresh. Uninstalling calls close() on that instance: the context close.
//   - Otherwise install calls public static void main(String[]), and uninstall calls
//     public static void stop() if the class declares it.
//
// Both run after the Spring context close and before the base unregisters the module, closes the biz loader and deletes the unpacked
// copy. A module written for a real base puts the same clean-up in a @PreDestroy method, a
// DisposableBean, a bean's close() or a ContextClosedEvent listener.
package harness
