package kompat.modules.springexecutorleak;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Polls every 50 ms on an executor that nothing ever shuts down. */
public class Poller {
    final AtomicLong polls = new AtomicLong();
    private ScheduledExecutorService executor;

    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "spring-executor-leak-poller"));
        executor.scheduleAtFixedRate(polls::incrementAndGet, 0, 50, TimeUnit.MILLISECONDS);
    }
}
