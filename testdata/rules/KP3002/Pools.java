package fixtures;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

public class Pools {
    private static final ExecutorService SHARED = Executors.newCachedThreadPool(); // want "static field SHARED is never shut down on an uninstall path.*highest risk"
    private final ExecutorService workers = Executors.newFixedThreadPool(4); // want "executor from Executors.newFixedThreadPool kept in field workers is never shut down"
    private ThreadPoolExecutor custom;
    private ScheduledExecutorService ticker;

    Pools() {
        custom = new ThreadPoolExecutor(1, 2, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<Runnable>()); // want "new ThreadPoolExecutor kept in field custom is shut down only in release\\(\\)"
    }

    void start() {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(); // want "kept in field ticker"
        s.scheduleAtFixedRate(this::poll, 1, 1, TimeUnit.SECONDS);
        ticker = s;
    }

    void fireAndForget(Runnable job) {
        Executors.newSingleThreadExecutor().submit(job); // want "used inline and never shut down"
    }

    void batch(Runnable job) {
        ExecutorService local = Executors.newFixedThreadPool(2); // want "kept only in local local and never shut down in batch\\(\\)"
        local.submit(job);
    }

    void forkJoin(Runnable job) {
        ForkJoinPool fj = new ForkJoinPool(2); // want "new ForkJoinPool is kept only in local fj"
        fj.execute(job);
    }

    void batchFixed(Runnable job) throws InterruptedException {
        ExecutorService local = Executors.newFixedThreadPool(2); // ok: shut down in the method
        try {
            local.submit(job);
        } finally {
            local.shutdown();
        }
        local.awaitTermination(5, TimeUnit.SECONDS);
    }

    ExecutorService factory() {
        return Executors.newWorkStealingPool(); // ok: the caller owns it
    }

    ExecutorService factoryViaLocal() {
        ExecutorService es = Executors.newFixedThreadPool(3); // ok: returned to the caller
        return es;
    }

    void handOff(Registry registry) {
        ExecutorService es = Executors.newFixedThreadPool(3); // ok: handed to someone else
        registry.keep(es);
    }

    void poll() {
    }

    // Not reachable from any uninstall path: the S5164 trap.
    void release() {
        custom.shutdown();
    }

    interface Registry {
        void keep(ExecutorService es);
    }
}

// A field initializer runs in every constructor (the bytecode frontend sees it once per
// constructor): one finding.
class TwoConstructors {
    private final ExecutorService pool = Executors.newFixedThreadPool(1); // want "kept in field pool is never shut down"

    TwoConstructors() {
    }

    TwoConstructors(int size) {
    }
}

// awaitTermination() alone does not stop a pool: it waits for a shutdown that never comes.
class AwaitOnly implements DisposableBean {
    private final ExecutorService pool = Executors.newFixedThreadPool(2); // want "kept in field pool is never shut down on an uninstall path"

    @Override
    public void destroy() throws InterruptedException {
        pool.awaitTermination(1, TimeUnit.SECONDS);
    }
}
