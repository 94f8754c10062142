package fixtures;

// The save/restore idiom spread over methods: a helper that returns the loader it replaced for
// its caller to restore, a before/after pair that keeps it in a field, and the restoring calls.
public class SaveRestore {
    private ClassLoader previous;

    static ClassLoader override(ClassLoader use) {
        Thread current = Thread.currentThread();
        ClassLoader old = current.getContextClassLoader();
        if (use != null && !use.equals(old)) {
            current.setContextClassLoader(use); // ok: returns the previous loader to its caller
            return old;
        }
        return null;
    }

    static void reset(ClassLoader old) {
        ClassLoader cl = override(old);
    }

    void beforeDelivery(ClassLoader endpoint) {
        Thread current = Thread.currentThread();
        this.previous = current.getContextClassLoader();
        current.setContextClassLoader(endpoint); // ok: saved in a field for afterDelivery
    }

    void afterDelivery() {
        Thread.currentThread().setContextClassLoader(this.previous); // ok: restores the saved loader
        this.previous = null;
    }

    ClassLoader swapNoSave(ClassLoader use) {
        Thread.currentThread().setContextClassLoader(use); // want "no restore in a finally block"
        return use;
    }
}
