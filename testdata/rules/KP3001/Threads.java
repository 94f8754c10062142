package fixtures;

public class Threads {
    private Thread worker;
    private Thread poller;
    private static Thread housekeeper;

    void startLocal(Runnable task) {
        Thread t = new Thread(task, "listener"); // want "Thread is kept only in local t and never interrupted or joined in startLocal\\(\\)"
        t.setDaemon(true);
        t.start();
    }

    void startInline(Runnable task) {
        new Thread(task).start(); // want "Thread is used inline and never interrupted or joined"
    }

    void startAnonymous() {
        new Thread() { // want "anonymous Thread subclass is used inline"
            @Override
            public void run() {
                pollForever();
            }
        }.start();
    }

    void startField(Runnable task) {
        worker = new Thread(task); // want "Thread kept in field worker is never interrupted or joined on an uninstall path"
        worker.start();
    }

    void startPoller(Runnable task) {
        poller = new Thread(task); // want "kept in field poller is interrupted or joined only in halt\\(\\)"
        poller.start();
    }

    static void startHousekeeper(Runnable task) {
        Thread t = new Thread(task); // want "static field housekeeper.*highest risk"
        t.start();
        housekeeper = t;
    }

    void notStarted(Runnable task) {
        Thread t = new Thread(task); // ok: never started
        t.setName("idle");
    }

    void joined(Runnable task) throws InterruptedException {
        Thread t = new Thread(task); // ok: joined before the method returns
        t.start();
        t.join();
    }

    void hook(Runnable task) {
        Runtime.getRuntime().addShutdownHook(new Thread(task)); // ok: handed to the runtime (KP3004)
    }

    Thread make(Runnable task) {
        Thread t = new Thread(task); // ok: returned to the caller
        t.start();
        return t;
    }

    // Nothing on an uninstall path calls this.
    void halt() {
        poller.interrupt();
    }

    void pollForever() {
    }
}

// A Thread subclass started by itself.
class Ticker extends Thread {
    private volatile boolean running = true;

    static void launch() {
        new Ticker().start(); // want "Thread subclass Ticker is used inline"
    }

    static Ticker startTicker() {
        Ticker t = new Ticker(); // ok: returned to the caller, who owns it
        t.setDaemon(true);
        t.start();
        return t;
    }

    void shutdown() {
        running = false;
        interrupt();
    }
}

// A Thread subclass with its own stop method, called on uninstall.
class TickerOwner implements DisposableBean {
    private final Ticker ticker = Ticker.startTicker();
    private final Pump pump = new Pump(); // ok: its own shutdown() runs on uninstall

    void start() {
        pump.start();
    }

    @Override
    public void destroy() {
        ticker.shutdown();
        pump.terminate();
    }

    static class Pump extends Thread {
        void terminate() {
            interrupt();
        }
    }
}

// The fixed form: interrupted and joined in destroy().
class QueueListener implements DisposableBean {
    private volatile boolean running = true;
    private Thread worker;

    public void start() {
        worker = new Thread(this::pollWhileRunning, "queue-listener"); // ok
        worker.setDaemon(true);
        worker.start();
    }

    void pollWhileRunning() {
        while (running) {
            Thread.yield();
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        running = false;
        worker.interrupt();
        worker.join(5000);
    }
}

class Annotated {
    private final Thread reaper = new Thread(Annotated::reap); // ok: stopped in @PreDestroy

    void start() {
        reaper.start();
    }

    static void reap() {
    }

    @PreDestroy
    void stopReaper() {
        reaper.interrupt();
    }
}

class ViaLocal implements AutoCloseable {
    private Thread loop;

    void start(Runnable r) {
        Thread t = new Thread(r); // ok: close() interrupts it through an alias
        t.start();
        loop = t;
    }

    @Override
    public void close() {
        Thread t = loop;
        if (t != null) {
            t.interrupt();
        }
    }
}
