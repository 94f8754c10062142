package fixtures;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

public class Callbacks {
    private static final ExecutorService POOL = Executors.newFixedThreadPool(4);
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService own = Executors.newSingleThreadExecutor();

    static ExecutorService shared() {
        return POOL;
    }

    public void async(Runnable task) {
        POOL.execute(task); // want "async runs the caller's task task on the static pool Callbacks.POOL"
    }

    public <T> Future<T> call(Callable<T> job) {
        return shared().submit(job); // want "static pool Callbacks.shared\\(\\)"
    }

    public void later(Runnable task, long delay) {
        TIMER.schedule(task, delay, TimeUnit.MILLISECONDS); // want "Callbacks.TIMER"
    }

    public void instancePool(Runnable task) {
        own.execute(task); // ok: the object's own executor, not a static one
    }

    public void ownTask() {
        POOL.execute(Callbacks::work); // ok: the library's own work, not a caller's callback
    }

    private void internal(Runnable task) {
        POOL.execute(task); // ok: private; its callers decide
    }

    static void work() {
    }
}
