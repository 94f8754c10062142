package fixtures;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

public class Exporters {
    private static final Exporters INSTANCE = new Exporters();

    private final Map<String, Object> exported = new ConcurrentHashMap<>();
    private final List<Runnable> listeners = new ArrayList<>();

    public static Exporters get() {
        return INSTANCE;
    }

    public void export(String key, Object service) {
        exported.put(key, service);
    }

    public void unexportAll() {
        exported.clear(); // want "unexportAll\\(\\) -> Exporters.exported.clear\\(\\): the instance is a process singleton"
    }

    public void unexport(String key) {
        exported.remove(key); // ok: only the caller's entry
    }

    public void stop() {
        wipe(); // want "stop\\(\\) -> wipe\\(\\) -> Exporters.listeners.clear\\(\\)"
    }

    private void wipe() {
        listeners.clear(); // ok: not a lifecycle method itself; reported where stop() calls it
    }

    public void stop(Runnable hook) {
        hook.run();
        unexportAll(); // ok: unexportAll() is reported on its own
    }

    public void close() {
        List<String> scratch = new ArrayList<>();
        scratch.add("x");
        scratch.clear(); // ok: a local list
    }

    private final Map<String, Object> byLoader = new ConcurrentHashMap<>();

    public void shutdown() {
        exported.clear(); // want "shutdown\\(\\) -> Exporters.exported.clear\\(\\) \\(and Exporters.byLoader\\)"
        byLoader.clear(); // ok: reported with the first clear of the same method
    }
}
