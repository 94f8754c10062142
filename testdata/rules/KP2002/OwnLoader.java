package fixtures;

import java.io.InputStream;
import java.net.URL;

public class OwnLoader {
    static ClassLoader cached;

    URL config() {
        return OwnLoader.class.getClassLoader().getResource("app.yaml"); // want "ClassLoader.getResource uses OwnLoader's own ClassLoader"
    }

    Class<?> plugin(String name) throws ClassNotFoundException {
        ClassLoader cl = getClass().getClassLoader();
        return cl.loadClass(name); // want "loadClass uses this class's own ClassLoader"
    }

    void remember() {
        cached = OwnLoader.class.getClassLoader(); // want "static field cached caches a class's own ClassLoader"
    }

    URL fixed() {
        return Thread.currentThread().getContextClassLoader().getResource("app.yaml"); // ok
    }

    InputStream fixedStream() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return cl.getResourceAsStream("app.yaml"); // ok
    }
}
