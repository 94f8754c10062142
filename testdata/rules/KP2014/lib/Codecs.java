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

    /** Hands on null: what null means is the loader-taking overload's business. */
    public static Object parse(String name) throws ClassNotFoundException {
        return parse(name, null); // ok
    }

    public static Object parse(String name, ClassLoader cl) throws ClassNotFoundException {
        return Class.forName(name, true, cl == null ? Codecs.class.getClassLoader() : cl); // ok
    }

    /** Resolves through the loader of the type the caller passed: the caller's choice. */
    public static Object create(Class<?> type) {
        return create(type, type.getClassLoader()); // ok
    }

    public static Object create(Class<?> type, ClassLoader cl) {
        return cl; // ok
    }

    /** The library calling its own API. */
    public static Object codec() throws ClassNotFoundException {
        return find("com.acme.Default"); // ok: the library's own call, its own loader is the one it means
    }

    /** The loader comes from the class passed, two overloads on. */
    public static Object key(Class<?> type) {
        return key(type, "default"); // ok
    }

    public static Object key(Class<?> type, String flavour) {
        return key(type.getClassLoader(), type, flavour); // ok
    }

    public static Object key(ClassLoader cl, Class<?> type, String flavour) {
        return cl; // ok
    }
}
