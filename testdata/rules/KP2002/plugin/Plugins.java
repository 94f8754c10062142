package fixtures.plugin;

import fixtures.util.Loaders;
import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

public class Plugins {
    static ClassLoader shared;
    private final ClassLoader loader;
    private final List<ClassLoader> loaders = new ArrayList<>();

    Plugins() {
        this.loader = Loaders.own();
    }

    Class<?> viaHelper(String name) throws ClassNotFoundException {
        return Loaders.own().loadClass(name); // want "viaHelper\\(\\) -> Loaders.own\\(\\) -> ClassLoader.loadClass\\(String\\): another class's defining loader is used"
    }

    Class<?> viaDefault(String name) throws ClassNotFoundException {
        return Loaders.defaultLoader().loadClass(name); // ok: the context loader first
    }

    Class<?> viaResolver(String name) throws ClassNotFoundException {
        return Loaders.load(name, getClass().getClassLoader()); // want "viaResolver\\(\\) -> Loaders.load\\(\\) -> ClassLoader.loadClass\\(String\\): the class's own loader is used"
    }

    Class<?> viaResolverTccl(String name) throws ClassNotFoundException {
        return Loaders.load(name, Thread.currentThread().getContextClassLoader()); // ok
    }

    Class<?> viaField(String name) throws ClassNotFoundException {
        return loader.loadClass(name); // want "viaField\\(\\) -> field Plugins.loader -> ClassLoader.loadClass"
    }

    Enumeration<URL> scanClasspath() throws IOException {
        return Loaders.own().getResources("META-INF/plugins"); // want "ClassLoader.getResources\\(String\\)"
    }

    Class<?> reassigned(String name, ClassLoader cl) throws ClassNotFoundException {
        if (cl == null) {
            cl = getClass().getClassLoader();
        }
        return Class.forName(name, true, cl); // want "reassigned\\(\\) -> Class.forName\\(String, boolean, ClassLoader\\): the class's own loader"
    }

    Class<?> parameterOnly(String name, ClassLoader cl) throws ClassNotFoundException {
        return Class.forName(name, true, cl); // ok: the caller chooses
    }

    void register() {
        loaders.add(Loaders.own()); // want "is added to a collection of loaders"
    }

    static void remember() {
        shared = Loaders.own(); // want "a static field caches another class's defining loader"
    }
}
