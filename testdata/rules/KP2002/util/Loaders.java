package fixtures.util;

/** Loader helpers in another class (another jar, in real code). */
public final class Loaders {
    private Loaders() {}

    public static ClassLoader own() {
        return Loaders.class.getClassLoader(); // ok: returning it is not a use
    }

    /** The recommended pattern: the context loader first, the own loader only as a fallback. */
    public static ClassLoader defaultLoader() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        if (cl == null) {
            cl = Loaders.class.getClassLoader();
        }
        return cl; // ok
    }

    /** A resolver: its ClassLoader parameter is used for the lookup. */
    public static Class<?> load(String name, ClassLoader cl) throws ClassNotFoundException {
        return cl.loadClass(name); // ok: the caller chooses the loader
    }
}
