package com.example.orders.support;

import java.util.Timer;
import java.util.TimerTask;
import org.springframework.stereotype.Component;

@Component
public class Lifecycle {
    private final Timer heartbeat = new Timer("orders-heartbeat", true);

    public Lifecycle() {
        heartbeat.schedule(new TimerTask() {
            @Override
            public void run() {
            }
        }, 0, 30_000);
        Runtime.getRuntime().addShutdownHook(new Thread(this::flush));
    }

    void flush() {
    }

    public void fatal(String why) {
        System.err.println("fatal: " + why);
        System.exit(1);
    }
}
