package fixtures.wrap;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

public class Propagating {
    private static final ExecutorService POOL = Executors.newCachedThreadPool();

    public void async(Runnable task) {
        POOL.execute(wrap(task)); // ok: the task runs with the caller's context ClassLoader
    }

    public void direct(Runnable task) {
        POOL.execute(task); // want "direct runs the caller's task task on the static pool Propagating.POOL"
    }

    public void custom(Runnable task) {
        ContextExecutor.INSTANCE.execute(task); // ok: the code base's own executor, in a file that sets context loaders, may wrap tasks
    }

    static final class ContextExecutor {
        static final ContextExecutor INSTANCE = new ContextExecutor();

        void execute(Runnable task) {
            POOL.execute(wrap(task));
        }
    }

    static Runnable wrap(Runnable task) {
        ClassLoader caller = Thread.currentThread().getContextClassLoader();
        return () -> {
            Thread t = Thread.currentThread();
            ClassLoader old = t.getContextClassLoader();
            t.setContextClassLoader(caller);
            try {
                task.run();
            } finally {
                t.setContextClassLoader(old);
            }
        };
    }
}
