package fixtures;

import java.util.HashMap;
import java.util.Map;

public class LazySingleton {
    private static LazySingleton instance;
    private static volatile LazySingleton shared;
    private static Map<String, String> cache;
    private static LazySingleton current;
    private static final LazySingleton EAGER = new LazySingleton(); // ok: created during class initialization

    static LazySingleton getInstance() {
        if (instance == null) {
            instance = new LazySingleton(); // want "static method getInstance\\(\\) lazily sets static field instance to a new LazySingleton on first use; its constructor depends on no calling app"
        }
        return instance;
    }

    static LazySingleton getShared() {
        LazySingleton result = shared;
        if (result == null) {
            synchronized (LazySingleton.class) {
                result = shared;
                if (result == null) {
                    shared = result = new LazySingleton(); // want "getShared\\(\\) lazily sets static field shared to a new LazySingleton"
                }
            }
        }
        return result;
    }

    static Map<String, String> cache() {
        if (cache == null) {
            cache = buildCache(); // want "lazily sets static field cache to the result of LazySingleton.buildCache\\(\\)"
        }
        return cache;
    }

    static Map<String, String> buildCache() {
        return new HashMap<>();
    }

    static void reset() {
        if (instance != null) {
            instance = null; // ok: clearing, not creating
        }
    }

    static void install(LazySingleton s) {
        current = s; // ok: no read first, and the value is a parameter (KP1001 reports the field)
    }

    static LazySingleton eager() {
        return EAGER; // ok
    }

    static LazySingleton holder() {
        return Holder.INSTANCE; // ok: the holder idiom initializes in <clinit>
    }

    LazySingleton own() {
        if (current == null) {
            current = new LazySingleton(); // ok: an instance method (KP1002's case)
        }
        return current;
    }

    static final class Holder {
        static final LazySingleton INSTANCE = new LazySingleton(); // ok
    }
}
