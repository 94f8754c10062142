package fixtures;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

// The fixed forms: each pool is shut down on an uninstall path.
public class Released implements DisposableBean {
    private final ExecutorService pool = Executors.newFixedThreadPool(4); // ok: destroy() shuts it down
    private static final ScheduledExecutorService TICKS = Executors.newScheduledThreadPool(1); // ok: via a helper
    private final ScheduledThreadPoolExecutor sched = new ScheduledThreadPoolExecutor(1); // ok: via an alias
    private ExecutorService lazy;

    void init() {
        lazy = Executors.newCachedThreadPool(); // ok: closed by close()
    }

    @Override
    public void destroy() throws InterruptedException {
        pool.shutdown();
        if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
            pool.shutdownNow();
        }
        stopTicks();
        ScheduledThreadPoolExecutor s = this.sched;
        s.shutdownNow();
    }

    private void stopTicks() {
        shutdownQuietly(TICKS);
    }

    static void shutdownQuietly(ExecutorService es) {
        es.shutdownNow();
    }

    public void close() {
        if (lazy != null) {
            lazy.shutdown();
        }
    }
}

class AnnotatedOwner {
    private final ExecutorService pool = Executors.newFixedThreadPool(2); // ok: @PreDestroy

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }
}

class ListenerOwner implements ApplicationListener<ContextClosedEvent> {
    private final ExecutorService pool = Executors.newSingleThreadExecutor(); // ok: context-closed listener

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        pool.shutdown();
    }
}

class Config {
    @Bean
    ExecutorService reportPool() {
        return Executors.newFixedThreadPool(8); // ok: a Spring bean, the context shuts it down
    }
}
