package fixtures.helpers;

import java.util.ArrayList;
import java.util.List;

/** Pluggable class-load helpers, one of which uses the thread context loader. */
interface LoadHelper {
    Class<?> loadClass(String name) throws ClassNotFoundException;

    <T> Class<? extends T> loadClass(String name, Class<T> type) throws ClassNotFoundException;
}

class SimpleLoadHelper implements LoadHelper {
    public Class<?> loadClass(String name) throws ClassNotFoundException {
        return Class.forName(name); // want "Class.forName\\(name\\) loads through the ClassLoader of fixtures.helpers.SimpleLoadHelper"
    }

    @SuppressWarnings("unchecked")
    public <T> Class<? extends T> loadClass(String name, Class<T> type) throws ClassNotFoundException {
        return (Class<? extends T>) loadClass(name); // ok
    }
}

class ContextLoadHelper implements LoadHelper {
    public Class<?> loadClass(String name) throws ClassNotFoundException {
        return Thread.currentThread().getContextClassLoader().loadClass(name); // ok
    }

    @SuppressWarnings("unchecked")
    public <T> Class<? extends T> loadClass(String name, Class<T> type) throws ClassNotFoundException {
        return (Class<? extends T>) loadClass(name); // ok
    }
}

/** Tries every helper in turn: the context loader's among them. */
class CascadingLoadHelper implements LoadHelper {
    private final List<LoadHelper> helpers = new ArrayList<>();

    CascadingLoadHelper() {
        helpers.add(new ContextLoadHelper());
        helpers.add(new SimpleLoadHelper());
    }

    public Class<?> loadClass(String name) throws ClassNotFoundException {
        for (LoadHelper h : helpers) {
            try {
                return h.loadClass(name); // ok: a strategy whose context-loader variant is among the implementations
            } catch (ClassNotFoundException e) {
                // next
            }
        }
        throw new ClassNotFoundException(name);
    }

    @SuppressWarnings("unchecked")
    public <T> Class<? extends T> loadClass(String name, Class<T> type) throws ClassNotFoundException {
        return (Class<? extends T>) loadClass(name); // ok
    }
}

public class Helpers {
    private final LoadHelper helper = new CascadingLoadHelper();

    private String pluginClass = System.getProperty("plugin.class", "com.acme.Plugin");

    public Object create() throws Exception {
        return helper.loadClass(pluginClass).getDeclaredConstructor().newInstance(); // ok: through the cascade
    }

    public Object typed() throws Exception {
        return helper.loadClass(pluginClass, Runnable.class); // ok: the typed overload of the same strategy
    }

    public Object direct() throws Exception {
        return new SimpleLoadHelper().loadClass(pluginClass); // want "direct\\(\\) -> SimpleLoadHelper.loadClass\\(\\)"
    }
}
