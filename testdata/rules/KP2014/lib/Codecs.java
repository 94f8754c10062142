package fixtures.lib;

/** A library API with loaderless overloads and overloads that take the loader. */
public final class Codecs {
    private Codecs() {}

    /** Resolves through the library's own loader when the caller gives none. */
    public static Object find(String name) throws ClassNotFoundException {
        return find(name, Codecs.class.getClassLoader()); // ok
    }

    public static Object find(String name, ClassLoader cl) throws ClassNotFoundException {
        return Class.forName(name, true, cl); // ok
    }

    /** Resolves through the context loader when the caller gives none: the calling app's. */
    public static Object lookup(String name) throws ClassNotFoundException {
        return lookup(name, Thread.currentThread().getContextClassLoader()); // ok
    }

    public static Object lookup(String name, ClassLoader cl) throws ClassNotFoundException {
        return Class.forName(name, true, cl); // ok
    }
}
