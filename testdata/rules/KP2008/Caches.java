package fixtures;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

public class Caches {
    private static final Map<Class<?>, Method[]> METHODS = new ConcurrentHashMap<>(); // want "static map METHODS is keyed by Class"
    private static final Map<String, Class<?>> BY_NAME = new ConcurrentHashMap<>(); // want "holding Class values"
    private static final Map<ClassLoader, String> PER_LOADER = new ConcurrentHashMap<>(); // ok: entries removed on uninstall
    private static final Map<String, String> PLAIN = new ConcurrentHashMap<>(); // ok: nothing class-related
    private static final Map<Object, String> WEAK = new WeakHashMap<>(); // ok

    private static final ClassValue<Method[]> FIXED = new ClassValue<Method[]>() { // ok
        @Override
        protected Method[] computeValue(Class<?> type) {
            return type.getDeclaredMethods();
        }
    };

    static Method[] methods(Class<?> type) {
        return METHODS.computeIfAbsent(type, Class::getDeclaredMethods);
    }

    static void register(String name, Class<?> type) {
        BY_NAME.put(name, type);
    }

    static void onUninstall(ClassLoader loader) {
        PER_LOADER.remove(loader);
    }
}
