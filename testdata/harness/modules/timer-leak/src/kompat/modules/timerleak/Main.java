package kompat.modules.timerleak;

import java.util.Timer;
import java.util.TimerTask;

/** Leak: a java.util.Timer scheduled at start and never cancelled (RL-03). */
public class Main {
    static Timer timer;

    public static void main(String[] args) {
        timer = new Timer("timer-leak-timer");
        timer.schedule(new TimerTask() {
            @Override
            public void run() {
                // refresh something periodically
            }
        }, 0, 100);
    }
}
