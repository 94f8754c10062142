package fixtures;

import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

interface ApplicationContext {
    Object getBean(String name);
}

interface ApplicationContextAware {
    void setApplicationContext(ApplicationContext context);
}

public class ContextHolders implements ApplicationContextAware {
    private static ApplicationContext context = null; // want "static field context holds a Spring ApplicationContext: .*setApplicationContext\\(\\) overwrites it"
    private static Object lastContext = null; // ok: an Object field (the write below is reported)
    static ClassLoader tccl = Thread.currentThread().getContextClassLoader(); // want "static field tccl keeps the thread context ClassLoader of whichever app first initializes the class"
    static ClassLoader pluginLoader = null; // want "static field pluginLoader holds a ClassLoader"
    static Class<?> pluginType = null; // want "static field pluginType holds a Class: "
    static Method handler = null; // want "static field handler holds a reflective Method"

    static final Class<?> SELF = ContextHolders.class; // ok: its own class
    static final ClassLoader OWN = ContextHolders.class.getClassLoader(); // ok: its own loader
    static final Class<?>[] TYPES = {String.class}; // ok: an array of JDK classes
    static final Map<ClassLoader, String> BY_APP = new ConcurrentHashMap<>(); // ok: keyed by loader (KP1003 checks cleanup)
    static final WeakReference<ClassLoader> WEAK = new WeakReference<>(null); // ok: weakly held
    private ApplicationContext instanceContext; // ok: an instance field, one per bean
    static final Method TO_STRING; // ok: a JDK method looked up through a class literal
    static final Class<?> OPTIONAL; // ok: Class.forName(name) resolves through this class's own loader
    static Class<?> optionalToo = null; // ok: never reassigned, and resolved through this class's own loader
    static final Class<?> PLUGIN = pluginClass("com.acme.Plugin"); // want "static field PLUGIN holds a Class"

    static {
        Method m = null;
        Class<?> optional = null;
        try {
            m = Object.class.getMethod("toString");
            optional = Class.forName("java.util.Optional");
            optionalToo = Class.forName("java.util.Optional", false, ContextHolders.class.getClassLoader());
        } catch (ReflectiveOperationException e) {
            // optional features
        }
        TO_STRING = m;
        OPTIONAL = optional;
    }

    static Class<?> pluginClass(String name) {
        try {
            return Class.forName(name, true, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    @Override
    public void setApplicationContext(ApplicationContext ctx) {
        context = ctx;
        lastContext = ctx; // want "setApplicationContext\\(\\) stores into static field ContextHolders.lastContext: "
        this.instanceContext = ctx; // ok
    }

    static void plug(ClassLoader loader, String type) throws Exception {
        pluginLoader = loader;
        pluginType = loader.loadClass(type);
        handler = pluginType.getMethod("handle");
    }

    static Object bean(String name) {
        return context.getBean(name);
    }
}

class ContextFix implements ApplicationContextAware {
    private ApplicationContext context; // ok: the fix, an instance field of a bean

    @Override
    public void setApplicationContext(ApplicationContext ctx) {
        this.context = ctx; // ok
    }

    Object bean(String name) {
        return context.getBean(name);
    }
}
