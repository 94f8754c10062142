package harness

import (
	"github.com/kompat/kompat/reports"
	"github.com/kompat/kompat/rules"
)

// Rule is the part of a KP8 rule's YAML definition (rules/defs/KP8*.yaml) that the harness needs
// to emit findings; a test keeps the two in step.
type Rule struct {
	ID         string
	Slug       string
	Title      string
	Severity   reports.Severity
	Confidence reports.Confidence
	Fix        string
}

// The runtime verdict rules.
var (
	RuleLoaderRetained = Rule{"KP8001", "loader-retained", "Module class loader still alive after uninstall and full GC",
		reports.SeverityHigh, reports.ConfidenceHigh,
		"Release everything the module registered in JVM-wide places when its context closes (threads, pools, timers, shutdown hooks, JDBC drivers, MBeans, ThreadLocals on base threads); the evidence names what still points into the module."}
	RuleThreadSurvived = Rule{"KP8002", "thread-survived", "Thread started by the module still runs after uninstall",
		reports.SeverityHigh, reports.ConfidenceHigh,
		"Stop what the module started when its context closes: interrupt and join raw threads, shutdownNow() and awaitTermination() executors, cancel() timers; prefer Spring-managed executors, which the context close shuts down."}
	RuleMetaspaceGrows = Rule{"KP8003", "metaspace-grows", "Metaspace or loaded classes grow with every install/uninstall cycle",
		reports.SeverityMedium, reports.ConfidenceMedium,
		"Fix the retained loaders first (KP8001); a base that must hot-deploy many times needs modules whose loaders are collected, or a restart policy on Metaspace usage."}
	RuleInstallFailed = Rule{"KP8004", "install-failed", "Module failed to install",
		reports.SeverityHigh, reports.ConfidenceHigh,
		"Read the start failure in the evidence: the module's main (Spring Boot start) threw, or the jar is not an ark-biz jar the base accepts."}
	RuleUninstallFailed = Rule{"KP8005", "uninstall-failed", "Module failed to uninstall",
		reports.SeverityHigh, reports.ConfidenceHigh,
		"Make the module's shutdown (context close, @PreDestroy, stop hook) succeed and finish; a biz that cannot stop stays BROKEN or half-released."}
	RuleReinstallFailed = Rule{"KP8006", "reinstall-failed", "Same module name:version does not install again after an uninstall",
		reports.SeverityHigh, reports.ConfidenceHigh,
		"Something the first install registered JVM-wide survived its uninstall and now collides (an MBean name, a web context, a port, a static registry); unregister it when the context closes."}
	RuleTimedOut = Rule{"KP8007", "timed-out", "Install or uninstall did not answer in time",
		reports.SeverityHigh, reports.ConfidenceMedium,
		"Module start and stop run synchronously on an arklet worker thread: do not block in main or in shutdown; move waits for remote dependencies to background work with timeouts."}
	RuleTempDirLeft = Rule{"KP8008", "temp-dir-left", "Unpacked module directory left in the biz work dir after uninstall",
		reports.SeverityLow, reports.ConfidenceMedium,
		"Close every file, jar and stream opened from the module's own classpath before the context closes, so the base can delete the unpacked copy."}
	RuleSysPropChanged = Rule{"KP8009", "system-property-changed", "Module changed JVM system properties and left them changed",
		reports.SeverityMedium, reports.ConfidenceHigh,
		"Do not write System properties from a module; pass settings through the module's own configuration, or restore the previous value when the context closes."}
	RuleShutdownHookLeft = Rule{"KP8010", "shutdown-hook-left", "Module's JVM shutdown hook still registered after uninstall",
		reports.SeverityHigh, reports.ConfidenceHigh,
		"Do not register JVM shutdown hooks in a module; use the context's close callbacks, or Runtime.removeShutdownHook when the context closes."}
	RuleJDBCDriverLeft = Rule{"KP8011", "jdbc-driver-left", "Module's JDBC driver still registered with DriverManager after uninstall",
		reports.SeverityHigh, reports.ConfidenceHigh,
		"DriverManager.deregisterDriver every driver whose class the module loaded when its context closes, or put the JDBC driver in the base."}
	RuleMBeanLeft = Rule{"KP8012", "mbean-left", "Module's MBean still registered in the platform MBean server after uninstall",
		reports.SeverityHigh, reports.ConfidenceHigh,
		"Unregister the module's MBeans when its context closes (or export them through the module's Spring context, which unregisters them)."}
	RuleThreadLocalLeft = Rule{"KP8013", "threadlocal-left", "Module value left in a ThreadLocal of a base-owned thread",
		reports.SeverityHigh, reports.ConfidenceHigh,
		"Call ThreadLocal.remove() in a finally block before handing a borrowed thread back (request threads, arklet workers, common pools)."}
	RuleBaseDied = Rule{"KP8014", "base-died", "Base JVM exited while the module was installed or uninstalled",
		reports.SeverityCritical, reports.ConfidenceMedium,
		"A module must never end the shared JVM: no System.exit/Runtime.halt, no native crashes, no OutOfMemoryError from unbounded caches."}
)

// Rules lists every KP8 rule the harness can emit.
var Rules = []Rule{RuleLoaderRetained, RuleThreadSurvived, RuleMetaspaceGrows, RuleInstallFailed,
	RuleUninstallFailed, RuleReinstallFailed, RuleTimedOut, RuleTempDirLeft, RuleSysPropChanged,
	RuleShutdownHookLeft, RuleJDBCDriverLeft, RuleMBeanLeft, RuleThreadLocalLeft, RuleBaseDied}

// Info returns the rule's report metadata, from its YAML definition when that loads.
func (r Rule) Info() reports.RuleInfo {
	metas, _ := rules.Load() // invalid definitions elsewhere must not break verify
	for _, m := range metas {
		if m.ID == r.ID {
			return m.Info()
		}
	}
	return reports.RuleInfo{ID: r.ID, Slug: r.Slug, Title: r.Title, Family: "runtime", Severity: r.Severity,
		Confidence: r.Confidence, Fix: r.Fix}
}
