package fixtures.group;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

public final class Pools {
    private static final ExecutorService SHARED = Executors.newCachedThreadPool();

    private Pools() {}

    public static ExecutorService next() {
        return SHARED;
    }

    public static int poolSize() {
        return 4;
    }
}
