package harness

import (
	"testing"

	"github.com/kompat/kompat/harness/jcmd"
)

const threadDump = `2026-11-22 02:51:43
Full thread dump OpenJDK 64-Bit Server VM (17.0.15+6-Debian-1deb12u1 mixed mode, sharing):

"Reference Handler" #2 daemon prio=10 os_prio=0 cpu=0.10ms elapsed=4.20s tid=0x1 nid=0x2 waiting on condition  [0x0]
   java.lang.Thread.State: RUNNABLE
	at java.lang.ref.Reference.waitForReferencePendingList(java.base@17.0.15/Native Method)

"thread-leak-poller" #17 prio=5 os_prio=0 cpu=0.94ms elapsed=4.02s tid=0x7 nid=0x2651 waiting on condition  [0x0]
   java.lang.Thread.State: TIMED_WAITING (sleeping)
	at java.lang.Thread.sleep(java.base@17.0.15/Native Method)
	at kompat.modules.threadleak.Main.poll(Main.java:13)
	at kompat.modules.threadleak.Main$$Lambda$54/0x00007fced801ca08.run(Unknown Source)
	at java.lang.Thread.run(java.base@17.0.15/Thread.java:840)

"C2 CompilerThread0" #6 daemon prio=9 os_prio=0 cpu=1.00ms elapsed=4.20s tid=0x3 nid=0x4 waiting on condition  [0x0]
   java.lang.Thread.State: RUNNABLE
   No compile task

"VM Thread" os_prio=0 cpu=2.00ms elapsed=4.20s tid=0x5 nid=0x6 runnable
`

func TestThreadAttribution(t *testing.T) {
	th := jcmd.ParseThreadDump(threadDump)
	p := th[1]
	m := &modState{jar: &bizJar{Name: "thread-leak", Version: "1", Classes: map[string]bool{"kompat.modules.threadleak.Main": true}}}
	if !hasModuleFrame(p, m) || hasModuleFrame(th[0], m) {
		t.Error("module frame detection wrong")
	}
	if threadKind(p) != "raw thread, RL-01" {
		t.Errorf("kind %q", threadKind(p))
	}
}
