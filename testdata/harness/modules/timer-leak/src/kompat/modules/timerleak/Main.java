package kompat.modules.timerleak;

import java.util.Timer;
import java.util.TimerTask;

/** Leak: a java.util.Timer scheduled at start that close() never cancels (RL-03). */
public class Main implements AutoCloseable {
    private final Timer timer = new Timer("timer-leak-timer");

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
        System.out.println("[timer-leak] closing, timer left scheduled");
    }
}
