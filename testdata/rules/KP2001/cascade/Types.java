package org.typelib;

// A class lookup that asks the thread context loader first and falls back to the one-argument
// Class.forName (jackson's TypeFactory.findClass and classForName): the implicit loader is only
// the fallback of the cascade.
public class Types {
    private final ClassLoader loader;

    public Types(ClassLoader loader) {
        this.loader = loader;
    }

    public Class<?> findClass(String name) throws ClassNotFoundException {
        ClassLoader cl = loader;
        if (cl == null) {
            cl = Thread.currentThread().getContextClassLoader();
        }
        if (cl != null) {
            try {
                return classForName(name, true, cl);
            } catch (ClassNotFoundException e) {
                // fall back
            }
        }
        return classForName(name);
    }

    protected Class<?> classForName(String name, boolean initialize, ClassLoader cl) throws ClassNotFoundException {
        return Class.forName(name, initialize, cl);
    }

    protected Class<?> classForName(String name) throws ClassNotFoundException {
        return Class.forName(name); // ok: every scanned caller asks the context loader first
    }

    // the cascade in one method (Hibernate's ReflectHelper.classForName)
    public static Class<?> load(String name) throws ClassNotFoundException {
        try {
            ClassLoader cl = Thread.currentThread().getContextClassLoader();
            if (cl != null) {
                return cl.loadClass(name);
            }
        } catch (Throwable ignore) {
            // fall back
        }
        return Class.forName(name); // ok: the fallback after the context loader
    }
}
