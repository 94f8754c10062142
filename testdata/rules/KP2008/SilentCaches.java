package fixtures;

import java.lang.ref.SoftReference;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

// A reference-map cache type of the code base (soft entries), like Spring's ConcurrentReferenceHashMap.
class ConcurrentReferenceCache<K, V> extends ConcurrentHashMap<K, V> {
}

public class SilentCaches {
    private static final Map<Class<?>, String> WRAPPERS = new IdentityHashMap<>(8); // ok: filled only during class initialization
    private static final Map<Class<?>, Object> DEFAULTS = Collections.singletonMap(int.class, 0); // ok: immutable
    private static final Map<Class<?>, String> NAMES; // ok: unmodifiable, built in the static initializer
    private static final Map<Class<?>, Method[]> SOFT = new ConcurrentReferenceCache<>(); // ok: soft entries
    private static final Map<Class<?>, String> EVICTED = new ConcurrentHashMap<>(); // ok: removed through keySet()
    private static final Map<Class<?>, String> ITERATED = new ConcurrentHashMap<>(); // ok: removed through an iterator
    private static final Map<Class<?>, SoftReference<Method[]>> HELD = new HashMap<>(); // ok: cleared below

    static {
        WRAPPERS.put(Integer.class, "int");
        WRAPPERS.put(Long.class, "long");
        Map<Class<?>, String> names = new HashMap<>();
        names.put(String.class, "string");
        NAMES = Collections.unmodifiableMap(names);
    }

    static Method[] methods(Class<?> type) {
        return SOFT.computeIfAbsent(type, Class::getDeclaredMethods);
    }

    static void note(Class<?> type) {
        EVICTED.put(type, type.getName());
        ITERATED.put(type, type.getName());
        HELD.put(type, new SoftReference<>(type.getMethods()));
    }

    static void evict(ClassLoader loader) {
        EVICTED.keySet().removeIf(k -> k.getClassLoader() == loader);
        for (Iterator<Class<?>> it = ITERATED.keySet().iterator(); it.hasNext(); ) {
            if (it.next().getClassLoader() == loader) {
                it.remove();
            }
        }
    }

    static void clearCaches() {
        HELD.clear();
    }
}
