package kompat.modules.threadleak;

/** Leak: a non-daemon thread started at module start that close() forgets to stop (RL-01). */
public class Main implements AutoCloseable {
    private final Thread poller;

    public Main() {
        poller = new Thread(Main::poll, "thread-leak-poller");
        poller.start();
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

    @Override
    public void close() {
        System.out.println("[thread-leak] closing, poller " + poller.getName() + " left running");
    }
}
