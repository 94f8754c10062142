package fixtures;

import java.lang.instrument.Instrumentation;

/** A JVM agent: premain and agentmain run once per JVM, before or apart from any app. */
public final class OnceStatics {
    private static volatile Instrumentation instrumentation = null; // want "static field instrumentation is not final: it is assigned only during class initialization or by a JVM agent's entry point"

    private static int hookCounter = 0; // want "static field hookCounter is a counter that getNextHook\\(\\) adds to"

    private static long total = 0; // want "static field total is a counter that add\\(\\) adds to"

    private static int last = 0; // want "static field last is not final and is reassigned in remember\\(\\)"

    public static void premain(String args, Instrumentation inst) {
        instrumentation = inst;
    }

    public static void agentmain(String args, Instrumentation inst) {
        instrumentation = inst;
    }

    static synchronized int getNextHook() {
        return ++hookCounter;
    }

    static synchronized void add(long n) {
        total += n;
    }

    static void remember(int value) {
        last = value;
    }
}

// A counter that wraps around (Hibernate's uuid Helper.getCountShort).
class WrapCounter {
    private static short counter = (short) 0; // want "static field counter is a counter that getCountShort\\(\\) adds to"

    static short getCountShort() {
        synchronized (WrapCounter.class) {
            if (counter < 0) {
                counter = 0;
            }
            return counter++;
        }
    }
}
