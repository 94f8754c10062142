package kompat.refbase;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reference base's stand-in for Koupleless's runtime-context registry: one entry per biz class
 * loader, created before the module starts (Koupleless does it on BeforeBizStartupEvent). When the
 * module's Spring ApplicationContext initializes, a context initializer on the module's side
 * attaches the context to the entry of the context's class loader (Koupleless's
 * BizApplicationContextInitializer does the same, keyed the same way). Uninstall closes that
 * context first, as Koupleless's BizUninstallEventHandler does on BeforeBizStopEvent, and drops the
 * entry. A module without a Spring context has no context to close.
 *
 * <p>The base has no Spring of its own, so the context is held as what every Spring
 * ConfigurableApplicationContext is: a java.io.Closeable.
 */
public final class BizRuntimeContextRegistry {
    private static final Map<ClassLoader, Entry> ENTRIES = new ConcurrentHashMap<>();

    private static final class Entry {
        volatile AutoCloseable rootContext;
    }

    private BizRuntimeContextRegistry() {
    }

    static void register(ClassLoader bizLoader) {
        ENTRIES.put(bizLoader, new Entry());
    }

    /**
     * Attaches a module's root application context to the biz whose loader is {@code loader} (the
     * context's class loader). It fails for a loader that belongs to no installed biz.
     */
    public static void setRootApplicationContext(ClassLoader loader, AutoCloseable context) {
        Entry e = loader == null ? null : ENTRIES.get(loader);
        if (e == null) {
            throw new IllegalStateException("no biz runtime context for class loader " + loader);
        }
        e.rootContext = context;
    }

    /** Whether the biz of this loader registered a root application context. */
    static boolean hasContext(ClassLoader bizLoader) {
        Entry e = ENTRIES.get(bizLoader);
        return e != null && e.rootContext != null;
    }

    /**
     * Closes the root application context of the biz, if it created one, and drops the entry. The
     * entry is dropped even when the close throws (the exception is rethrown).
     */
    static void shutdownContext(ClassLoader bizLoader) throws Exception {
        Entry e = ENTRIES.remove(bizLoader);
        if (e == null || e.rootContext == null) {
            return;
        }
        AutoCloseable c = e.rootContext;
        e.rootContext = null;
        c.close();
    }
}
