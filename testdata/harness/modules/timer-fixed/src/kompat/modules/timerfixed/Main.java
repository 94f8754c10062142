package kompat.modules.timerfixed;

import java.util.Timer;
import java.util.TimerTask;

/** Fixed twin of timer-leak: close() cancels the timer. */
public class Main implements AutoCloseable {
    private final Timer timer = new Timer("timer-fixed-timer");

    public Main() {
        timer.schedule(new TimerTask() {
            @Override
            public void run() {
                // refresh something periodically
            }
        }, 0, 100);
    }

    @Override
    public void close() {
        timer.cancel();
        timer.purge();
    }
}
