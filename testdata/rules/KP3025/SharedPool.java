package fixtures;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

public final class SharedPool {
    static final ExecutorService POOL = Executors.newCachedThreadPool();
    static SharedPool instance = new SharedPool();

    public static SharedPool getInstance() {
        return instance;
    }

    public static void shutdownAll() {
        POOL.shutdown();
    }

    public void close() {
    }
}
