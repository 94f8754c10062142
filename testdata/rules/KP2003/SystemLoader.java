package fixtures;

import java.io.InputStream;
import java.util.ServiceLoader;

public class SystemLoader {
    InputStream config() {
        return ClassLoader.getSystemResourceAsStream("app.properties"); // want "ClassLoader.getSystemResourceAsStream bypasses the module's ClassLoader"
    }

    ClassLoader loader() {
        return ClassLoader.getSystemClassLoader(); // want "getSystemClassLoader"
    }

    ServiceLoader<Runnable> installed() {
        return ServiceLoader.loadInstalled(Runnable.class); // want "ServiceLoader.loadInstalled"
    }

    InputStream fixed() {
        return Thread.currentThread().getContextClassLoader().getResourceAsStream("app.properties"); // ok
    }
}

class NullLoaderFallbacks {
    static java.net.URL find(ClassLoader cl, String n) {
        return cl != null ? cl.getResource(n) : ClassLoader.getSystemResource(n); // ok: the fallback for the bootstrap (null) loader
    }

    static java.util.Enumeration<java.net.URL> all(ClassLoader cl, String n) throws java.io.IOException {
        return (cl != null ? cl.getResources(n) : ClassLoader.getSystemResources(n)); // ok: the same
    }

    static ClassLoader defaultLoader() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        if (cl == null) {
            cl = NullLoaderFallbacks.class.getClassLoader();
            if (cl == null) {
                cl = ClassLoader.getSystemClassLoader(); // ok: the last fallback when no other loader exists
            }
        }
        return cl;
    }

    ClassLoader parent;

    ClassLoader parentLoader() {
        if (parent != null) {
            return parent;
        }
        return ClassLoader.getSystemClassLoader(); // ok: the fallback when no parent was set
    }
}
