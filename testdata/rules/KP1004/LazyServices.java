package fixtures;

import java.util.ServiceLoader;

/** Singletons whose constructors pick up the first calling app's state. */
class Sweeper {
    private static Sweeper instance;

    private final Thread thread;

    private Sweeper() {
        thread = new Thread(() -> { });
        thread.setDaemon(true);
        thread.start();
    }

    static synchronized Sweeper get() {
        if (instance == null) {
            instance = new Sweeper(); // want "get\\(\\) lazily sets static field instance to a new Sweeper on first use, and its constructor starts threads"
        }
        return instance;
    }
}

class Plugins {
    private static volatile Plugins instance;

    private final ClassLoader loader;
    private final Iterable<Runnable> found;

    Plugins() {
        this.loader = Thread.currentThread().getContextClassLoader();
        this.found = ServiceLoader.load(Runnable.class);
    }

    static Plugins get() {
        if (instance == null) {
            instance = new Plugins(); // want "get\\(\\) lazily sets static field instance to a new Plugins on first use, and its constructor reads the thread context ClassLoader"
        }
        return instance;
    }
}

/** The constructor's work is in a helper of another class: the whole program sees it. */
class Registry {
    private static Registry registry;

    private final Object pool;

    Registry() {
        this.pool = Pools.create();
    }

    static Registry getRegistry() {
        if (registry == null) {
            registry = new Registry(); // want "getRegistry\\(\\) lazily sets static field registry to a new Registry on first use, and its constructor starts threads or creates an executor"
        }
        return registry;
    }
}

class Pools {
    static Object create() {
        return java.util.concurrent.Executors.newSingleThreadExecutor();
    }
}
