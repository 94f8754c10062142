package fixtures;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;

public class CommonPool {
    void async() {
        CompletableFuture.supplyAsync(() -> "x"); // want "CompletableFuture.supplyAsync runs on the JVM-wide common pool"
        CompletableFuture.runAsync(() -> { }); // want "runAsync"
        ForkJoinPool.commonPool(); // want "commonPool"
    }

    long count(List<String> items) {
        return items.parallelStream().count(); // want "parallelStream"
    }

    void fixed(ExecutorService moduleExecutor) {
        CompletableFuture.supplyAsync(() -> "x", moduleExecutor); // ok
    }
}
