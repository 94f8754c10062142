package fixtures;

import java.util.concurrent.TimeUnit;

// Threads kept only in a local whose body has no loop: a delayed start, a hand-off. They end by
// themselves, so the finding is info (it says so), not the rule's severity.
public class OneShot {
    interface Scheduler {
        void start();
    }

    void startDelayed(Scheduler scheduler, long seconds) {
        Thread t = new Thread(() -> { // want "kept only in local t .*probably ends by itself"
            try {
                TimeUnit.SECONDS.sleep(seconds);
            } catch (InterruptedException e) {
                return;
            }
            scheduler.start();
        });
        t.setDaemon(true);
        t.start();
    }

    void startConnector(Scheduler connector) {
        Thread t = new Starter(connector); // want(source) "Thread subclass Starter is kept only in local t .*probably ends by itself"
        t.start();
    }

    void startPolling() {
        Thread t = new Thread(this::pollForever); // want "kept only in local t and never interrupted or joined in startPolling\\(\\): it keeps running after uninstall and pins the module's ClassLoader$"
        t.start();
    }

    void pollForever() {
        while (!Thread.currentThread().isInterrupted()) {
            Thread.yield();
        }
    }

    static class Starter extends Thread {
        private final Scheduler connector;

        Starter(Scheduler connector) {
            this.connector = connector;
        }

        @Override
        public void run() {
            connector.start();
        }
    }
}

class DelayedStart {
    private final java.util.List<Runnable> listeners = new java.util.ArrayList<>();

    void startDelayed(long millis) {
        Thread t = new Thread(() -> { // want "kept only in local t .*probably ends by itself"
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                return;
            }
            start();
        });
        t.start();
    }

    void start() {
        for (Runnable l : listeners) {
            l.run();
        }
    }

    void handOff() {
        Runnable work = new Runnable() {
            @Override
            public void run() {
                start();
            }
        };
        Thread t = new Thread(work); // want "kept only in local t and never interrupted or joined in handOff" (source sees the anonymous class: info; bytecode does not)
        t.start();
    }
}
