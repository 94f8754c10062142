package fixtures;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

class ConcurrentReferenceHashMap<K, V> extends ConcurrentHashMap<K, V> {
}

public class SilentRegistries {
    static final Map<Object, String> WEAK = new WeakHashMap<>(); // ok: weak keys
    static final Map<String, Object> SOFT = new ConcurrentReferenceHashMap<>(); // ok: a reference-map cache
    static final Set<Class<?>> UNKNOWN = Collections.newSetFromMap(new ConcurrentReferenceHashMap<Class<?>, Boolean>()); // ok: a set view of a reference map

    static void remember(Object key, String value) {
        WEAK.put(key, value);
        SOFT.put(value, key);
        UNKNOWN.add(key.getClass());
    }
}
