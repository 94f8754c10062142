package com.example.orders.service;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.annotation.PreDestroy;
import org.springframework.stereotype.Component;

/** The same job as ReportScheduler, written to survive an uninstall. */
@Component
public class CleanScheduler {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    public CleanScheduler() {
        scheduler.scheduleAtFixedRate(this::tick, 1, 60, TimeUnit.SECONDS);
    }

    void tick() {
    }

    @PreDestroy
    public void stop() throws InterruptedException {
        scheduler.shutdownNow();
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
    }
}
