package fixtures;

import java.util.Map;
import java.util.WeakHashMap;

public class SharedCounters {
    private static int nextId = 1; // ok: KP1001's business (a counter)

    private static volatile Map<ClassLoader, Object> cache = new WeakHashMap<>(); // ok: KP1001's business (copy-on-write)

    private static String lastName = null; // ok: KP1001's business

    private final String id;

    SharedCounters() {
        this.id = Integer.toString(nextId++); // want "constructor of SharedCounters adds to static counter SharedCounters.nextId"
    }

    synchronized Object dataFor(ClassLoader loader) {
        Map<ClassLoader, Object> current = cache;
        Object data = current.get(loader);
        if (data == null) {
            Map<ClassLoader, Object> copy = new WeakHashMap<>(current);
            data = new Object();
            copy.put(loader, data);
            cache = copy; // ok: a copy of the shared map with one more entry, nothing is overwritten
        }
        return data;
    }

    void rename(String name) {
        lastName = name; // want "instance method rename\\(\\) writes static field SharedCounters.lastName"
    }
}

// A counter that wraps around (Hibernate's AbstractUUIDGenerator.getCount): the reset to 0 is
// part of the counter.
class WrappingCounter {
    private static short counter = (short) 0; // ok: KP1001's business (a counter)

    protected short getCount() {
        synchronized (WrappingCounter.class) {
            if (counter < 0) {
                counter = 0; // ok: the counter wrapping around
            }
            return counter++; // want "instance method getCount\\(\\) adds to static counter WrappingCounter.counter"
        }
    }
}
