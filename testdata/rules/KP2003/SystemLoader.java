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
