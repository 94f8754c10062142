package com.example.orders.service;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

@Component
public class ReportScheduler {
    // Started with the module and never shut down: its thread outlives an uninstall.
    private static final ScheduledExecutorService SCHEDULER = Executors.newScheduledThreadPool(1);

    public ReportScheduler() {
        SCHEDULER.scheduleAtFixedRate(this::report, 1, 60, TimeUnit.SECONDS);
    }

    void report() {
    }
}
