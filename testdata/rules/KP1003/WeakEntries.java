package fixtures;

import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

// A cache whose key and value classes hold the loader and the class only weakly (jakarta.el's
// ExpressionFactory): nothing pins an app, but every app's entries stay.
public class WeakEntries {
    private static final Map<Key, Value> CACHE = new ConcurrentHashMap<>(); // want "static final map CACHE is filled in lookup\\(\\): its entries hold classes and ClassLoaders only through weak or soft references"

    private static final Map<Key, Strong> PINNING = new ConcurrentHashMap<>(); // want "static final map PINNING is filled in pin\\(\\): final fixes only the reference"

    static Class<?> lookup(ClassLoader cl, String name) throws ClassNotFoundException {
        Key k = new Key(cl);
        Value v = CACHE.get(k);
        if (v == null) {
            v = new Value(name, Class.forName(name, false, cl));
            CACHE.put(k, v);
        }
        return v.get();
    }

    static void pin(ClassLoader cl) {
        PINNING.put(new Key(cl), new Strong(cl));
    }

    private static final class Key {
        private final WeakReference<ClassLoader> ref;
        private final int hash;

        Key(ClassLoader cl) {
            ref = new WeakReference<>(cl);
            hash = System.identityHashCode(cl);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && ((Key) o).ref.get() == ref.get();
        }
    }

    private static final class Value {
        private final java.util.concurrent.locks.ReadWriteLock lock = new java.util.concurrent.locks.ReentrantReadWriteLock();
        private final String name;
        private final WeakReference<Class<?>> ref;

        Value(String name, Class<?> c) {
            this.name = name;
            this.ref = new WeakReference<>(c);
        }

        Class<?> get() {
            return ref.get();
        }
    }

    private static final class Strong {
        private final ClassLoader loader;

        Strong(ClassLoader loader) {
            this.loader = loader;
        }
    }
}
