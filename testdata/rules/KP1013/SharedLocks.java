package fixtures;

public class SharedLocks {
    static final String CACHE_LOCK = "cache-lock";
    static final Boolean FLAG = Boolean.FALSE;
    private static final Object PRIVATE_LOCK = new Object();
    private final Object lock = new Object();
    private int count;

    void literal() {
        synchronized ("lock") { // want "synchronized on the string literal \"lock\", which is shared JVM-wide"
            count++;
        }
    }

    void constant() {
        synchronized (CACHE_LOCK) { // want "the string literal \"cache-lock\""
            count++;
        }
    }

    void jdkClass() {
        synchronized (String.class) { // want "synchronized on String.class"
            count++;
        }
    }

    void booleans() {
        synchronized (Boolean.TRUE) { // want "synchronized on Boolean.TRUE"
            count++;
        }
        synchronized (FLAG) { // want "synchronized on Boolean.FALSE"
            count++;
        }
    }

    void fixed(String name) {
        synchronized (lock) { // ok: the fix, a private lock object
            count++;
        }
        synchronized (PRIVATE_LOCK) { // ok: a private static lock
            count++;
        }
        synchronized (SharedLocks.class) { // ok: the app's own class, not a JDK one
            count++;
        }
        synchronized (this) { // ok
            count++;
        }
        synchronized (name) { // ok: not a literal
            count++;
        }
    }
}
