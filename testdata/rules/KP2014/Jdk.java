package fixtures;

import java.net.URL;
import java.net.URLClassLoader;
import javax.script.ScriptEngineManager;
import javax.xml.stream.XMLInputFactory;

public class Jdk {
    // the first app to initialize the class picks the loader for every app
    private static final ScriptEngineManager ENGINES = new ScriptEngineManager(); // want "new ScriptEngineManager\\(\\) picks a ClassLoader implicitly .*new ScriptEngineManager\\(ClassLoader\\) takes it explicitly, and the result is kept in static Jdk.ENGINES"
    private static XMLInputFactory inputs;

    static void init() {
        inputs = XMLInputFactory.newFactory(); // want "XMLInputFactory.newFactory\\(\\) picks a ClassLoader implicitly.*kept in static Jdk.inputs"
    }

    ScriptEngineManager local() {
        return new ScriptEngineManager(); // want "new ScriptEngineManager\\(\\) picks a ClassLoader implicitly"
    }

    ScriptEngineManager explicit(ClassLoader cl) {
        return new ScriptEngineManager(cl); // ok
    }

    URLClassLoader plugins(URL[] urls) {
        return URLClassLoader.newInstance(urls); // want "URLClassLoader.newInstance\\(URL\\[\\]\\) picks a ClassLoader implicitly.*URLClassLoader.newInstance\\(URL\\[\\], ClassLoader\\) takes it explicitly"
    }

    URLClassLoader pluginsWithParent(URL[] urls, ClassLoader parent) {
        return URLClassLoader.newInstance(urls, parent); // ok
    }

    Class<?> byName(String name) throws ClassNotFoundException {
        return Class.forName(name); // ok (KP2001 reports it: one finding per problem)
    }

    static class PluginLoader extends URLClassLoader {
        PluginLoader(URL[] urls) {
            super(urls); // want "new URLClassLoader\\(URL\\[\\]\\) picks a ClassLoader implicitly"
        }

        PluginLoader(URL[] urls, ClassLoader parent) {
            super(urls, parent); // ok
        }
    }
}
