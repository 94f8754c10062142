package fixtures;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.List;

/** A resource scope anyone opens with try-with-resources; one global instance also exists. */
public final class Scope implements Closeable {
    static final Scope GLOBAL = new Scope("global");

    private final String name;
    private final List<Object> tracked = new ArrayList<>();

    public Scope(String name) {
        this.name = name;
    }

    void track(Object o) {
        tracked.add(o);
    }

    @Override
    public void close() {
        tracked.clear(); // ok: a per-use resource; the global one is one instance among many
    }
}
