package kompat.modules.timerfixed;

import java.util.Timer;
import java.util.TimerTask;

/** Fixed twin of timer-leak: the stop hook cancels the timer. */
public class Main {
    static Timer timer;

    public static void main(String[] args) {
        timer = new Timer("timer-fixed-timer");
        timer.schedule(new TimerTask() {
            @Override
            public void run() {
                // refresh something periodically
            }
        }, 0, 100);
    }

    public static void stop() {
        timer.cancel();
        timer.purge();
        timer = null;
    }
}
