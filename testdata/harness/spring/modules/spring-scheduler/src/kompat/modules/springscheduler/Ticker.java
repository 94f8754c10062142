package kompat.modules.springscheduler;

import java.util.concurrent.atomic.AtomicLong;

import org.springframework.scheduling.TaskScheduler;

/** Counts ticks every 50 ms on the context's scheduler. */
public class Ticker {
    private final TaskScheduler scheduler;
    final AtomicLong ticks = new AtomicLong();

    public Ticker(TaskScheduler scheduler) {
        this.scheduler = scheduler;
    }

    public void start() {
        scheduler.scheduleAtFixedRate(ticks::incrementAndGet, 50);
    }
}
