package fixtures;

import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.Properties;

// Idempotent lazy initialization of values that do not depend on the calling app.
public class LazyIndependent {
    private static volatile SecureRandom random;
    private static Properties defaults;
    private static Object log;

    static SecureRandom random() {
        if (random == null) {
            random = new SecureRandom(); // ok: a JDK object, the same whoever creates it
        }
        return random;
    }

    static Properties defaults() throws IOException {
        if (defaults == null) {
            defaults = load(LazyIndependent.class.getClassLoader(), "defaults.properties"); // ok: an own-jar resource
        }
        return defaults;
    }

    static Object log() {
        if (log == null) {
            log = LogHolder.forType(LazyIndependent.class); // ok: keyed by its own class
        }
        return log;
    }

    static Properties load(ClassLoader loader, String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in != null) {
                p.load(in);
            }
        }
        return p;
    }

    static class LogHolder {
        static Object forType(Class<?> type) {
            return type.getName();
        }
    }
}

class LazyLogger {
    private static Object logger;

    static Object getLogger() {
        Object l = LazyLogger.logger;
        if (l == null) {
            l = String.valueOf(LazyLogger.class); // the value depends on no app
            LazyLogger.logger = l; // ok: lazily set through a local that first held the field itself
        }
        return l;
    }
}

// A lazily computed number (netty's ThreadLocalRandom seed, taken from a queue another thread
// fills): no instance is shared, nothing is pinned.
class LazySeed {
    private static volatile long initial;
    private static final java.util.concurrent.BlockingQueue<Long> QUEUE = new java.util.concurrent.LinkedBlockingQueue<>();

    static long seed() throws InterruptedException {
        long initial = LazySeed.initial;
        if (initial != 0) {
            return initial;
        }
        synchronized (LazySeed.class) {
            Long seed = QUEUE.poll(3, java.util.concurrent.TimeUnit.SECONDS);
            if (seed != null) {
                initial = seed;
            }
            initial ^= 0x3255ecdc33bae119L;
            LazySeed.initial = initial; // want "lazily sets static field initial, a long, to the result of .* a primitive holds no app's objects or ClassLoader"
            return initial;
        }
    }
}
