package kompat.modules.threadfixed;

/** Fixed twin of thread-leak: close() interrupts and joins the thread. */
public class Main implements AutoCloseable {
    private final Thread poller;

    public Main() {
        poller = new Thread(Main::poll, "thread-fixed-poller");
        poller.start();
    }

    static void poll() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        poller.interrupt();
        poller.join(5000);
    }
}
