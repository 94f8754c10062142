import java.io.File;
import java.lang.ref.SoftReference;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.HashMap;
import java.util.Map;

// Holds class loaders in the ways a module loader is kept alive (or not) after uninstall: a static
// map, an instance of a class the loader defined, a thread's context loader, and only through a
// weak or a soft reference. Prints "ready" and waits for stdin to close, so a heap dump can be taken.
public class Holder {
    static final Map<String, Object> CACHE = new HashMap<>();
    static Object PLUGIN;
    static WeakReference<ClassLoader> WEAK;
    static SoftReference<ClassLoader> SOFT;

    static class LeakLoader extends URLClassLoader {
        LeakLoader(String name, URL[] urls) {
            super(name, urls, Holder.class.getClassLoader());
        }
    }

    public static void main(String[] args) throws Exception {
        setUp(args[0]);
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() >= 0) {
        }
    }

    static void setUp(String pluginDir) throws Exception {
        CACHE.put("loader", new LeakLoader("static-map", new URL[0]));
        LeakLoader pl = new LeakLoader("instance", new URL[] {new File(pluginDir).toURI().toURL()});
        PLUGIN = pl.loadClass("plugin.Plugin").getDeclaredConstructor().newInstance();
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                // exit
            }
        }, "holder-thread");
        t.setContextClassLoader(new LeakLoader("thread-context", new URL[0]));
        t.setDaemon(true);
        t.start();
        WEAK = new WeakReference<>(new LeakLoader("weak-only", new URL[0]));
        SOFT = new SoftReference<>(new LeakLoader("soft-only", new URL[0]));
    }
}
