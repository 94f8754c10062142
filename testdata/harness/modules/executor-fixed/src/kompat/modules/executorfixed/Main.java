package kompat.modules.executorfixed;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Fixed twin of executor-leak: the stop hook shuts the pool down and waits for it. */
public class Main {
    static ExecutorService pool;

    public static void main(String[] args) throws Exception {
        pool = Executors.newFixedThreadPool(2);
        pool.submit(() -> System.out.println("[executor-fixed] warmed up")).get();
    }

    public static void stop() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
        pool = null;
    }
}
