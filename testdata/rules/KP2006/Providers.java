package fixtures;

import java.util.ServiceLoader;

public class Providers {
    ServiceLoader<Runnable> implicit() {
        return ServiceLoader.load(Runnable.class); // want "ServiceLoader.load\\(Class\\) finds providers"
    }

    ServiceLoader<Runnable> explicit(ClassLoader moduleClassLoader) {
        return ServiceLoader.load(Runnable.class, moduleClassLoader); // ok
    }
}
