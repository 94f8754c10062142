package fixtures.util;

/** A utility in another package (another jar, in real code) that resolves names itself. */
public final class Classes {
    private Classes() {}

    public static Class<?> name2class(String name) throws ClassNotFoundException {
        return Class.forName(name); // want "Class.forName\\(name\\) loads through the ClassLoader of fixtures.util.Classes"
    }

    /** Passes its parameter through: not the origin of the name, its callers are. */
    public static Class<?> resolve(String name) throws ClassNotFoundException {
        return name2class(name); // ok
    }

    /** Recursion: the fixed point still ends. */
    public static Class<?> resolveArray(String name, int dims) throws ClassNotFoundException {
        if (dims > 0) {
            return resolveArray(name, dims - 1); // ok
        }
        return resolve(name); // ok
    }

    public static Class<?> withLoader(String name, ClassLoader cl) throws ClassNotFoundException {
        return Class.forName(name, false, cl); // ok
    }
}
