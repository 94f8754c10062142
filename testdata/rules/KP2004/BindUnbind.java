package fixtures;

/** A container's bind/unbind pair: bind returns the loader it replaced, unbind puts it back. */
public class BindUnbind {
    private ClassLoader webappLoader;

    public ClassLoader bind(ClassLoader original) {
        Thread current = Thread.currentThread();
        if (original == null) {
            original = current.getContextClassLoader();
        }
        if (webappLoader == null || webappLoader == original) {
            return null;
        }
        current.setContextClassLoader(webappLoader); // ok: returns the previous loader for unbind
        return original;
    }

    public void unbind(ClassLoader original) {
        if (original == null) {
            return;
        }
        Thread.currentThread().setContextClassLoader(original); // ok: the restoring call itself
    }

    public void switchAndWork(ClassLoader target) {
        Thread.currentThread().setContextClassLoader(target); // want "context ClassLoader set in switchAndWork with no restore"
        System.gc();
    }
}
