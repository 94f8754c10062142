package kompat.modules.threadleak;

/** Leak: a non-daemon thread started at module start and never stopped (RL-01). */
public class Main {
    public static void main(String[] args) {
        Thread t = new Thread(Main::poll, "thread-leak-poller");
        t.start();
    }

    static void poll() {
        while (true) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                // a leaky poller ignores interruption
            }
        }
    }
}
