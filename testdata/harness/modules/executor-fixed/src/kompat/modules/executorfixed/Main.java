package kompat.modules.executorfixed;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Fixed twin of executor-leak: close() shuts the pool down and waits for it. */
public class Main implements AutoCloseable {
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    public Main() throws Exception {
        pool.submit(() -> System.out.println("[executor-fixed] warmed up")).get();
    }

    @Override
    public void close() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
    }
}
