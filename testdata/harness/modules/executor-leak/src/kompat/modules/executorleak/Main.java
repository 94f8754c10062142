package kompat.modules.executorleak;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Leak: a thread pool created at start and never shut down (RL-02). */
public class Main {
    static ExecutorService pool;

    public static void main(String[] args) throws Exception {
        pool = Executors.newFixedThreadPool(2);
        pool.submit(() -> System.out.println("[executor-leak] warmed up")).get();
    }
}
