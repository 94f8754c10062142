package fixtures;

import java.util.Timer;
import java.util.TimerTask;

public class Timers {
    private static final Timer CLOCK = new Timer(true); // want "java.util.Timer kept in static field CLOCK is never cancelled on an uninstall path"
    private final Timer retry = new Timer("retry"); // want "kept in field retry is cancelled only in dispose2\\(\\)"
    private Timer lazy;
    private final Timer delayed = new Timer(); // want "kept in field delayed is cancelled only in stop\\(long\\)"

    void start(TimerTask task) {
        CLOCK.schedule(task, 1000);
        retry.schedule(task, 1000);
        Timer t = new Timer(); // want "kept in field lazy is never cancelled"
        lazy = t;
    }

    void once(TimerTask task) {
        new Timer("once", true).schedule(task, 500); // want "java.util.Timer is used inline and never cancelled"
    }

    void local(TimerTask task) {
        Timer t = new Timer(); // want "kept only in local t and never cancelled in local\\(\\)"
        t.schedule(task, 100);
    }

    void localFixed(TimerTask task) throws InterruptedException {
        Timer t = new Timer(); // ok: cancelled before the method returns
        t.schedule(task, 100);
        Thread.sleep(200);
        t.cancel();
    }

    Timer make() {
        return new Timer(true); // ok: the caller owns it
    }

    // stop(long) is not the parameterless stop() the uninstall model calls.
    void stop(long delay) {
        delayed.cancel();
    }

    // Nothing on an uninstall path calls this.
    void dispose2() {
        retry.cancel();
    }
}

// The fixed form: cancelled in close().
class Heartbeat implements AutoCloseable {
    private final Timer timer = new Timer("heartbeat", true); // ok

    public void start(TimerTask beat) {
        timer.schedule(beat, 0, 5000);
    }

    @Override
    public void close() {
        timer.cancel();
    }
}

class Poller implements DisposableBean {
    private Timer timer; // the creation below is what is checked

    void start(TimerTask task) {
        timer = new Timer(); // ok: destroy() cancels it through a helper
        timer.schedule(task, 10);
    }

    @Override
    public void destroy() {
        cancelQuietly(timer);
    }

    static void cancelQuietly(Timer t) {
        if (t != null) {
            t.cancel();
        }
    }
}

class Annotated {
    private final Timer timer = new Timer(); // ok

    @PreDestroy
    void shutdown() {
        timer.cancel();
    }
}
