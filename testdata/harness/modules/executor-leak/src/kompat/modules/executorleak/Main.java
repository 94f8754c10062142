package kompat.modules.executorleak;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Leak: a thread pool created at start that close() never shuts down (RL-02). */
public class Main implements AutoCloseable {
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    public Main() throws Exception {
        pool.submit(() -> System.out.println("[executor-leak] warmed up")).get();
    }

    @Override
    public void close() {
        System.out.println("[executor-leak] closing, pool left running");
    }
}
