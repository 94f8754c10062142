package kompat.modules.threadfixed;

/** Fixed twin of thread-leak: the stop hook interrupts and joins the thread. */
public class Main {
    static Thread poller;

    public static void main(String[] args) {
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

    public static void stop() throws InterruptedException {
        poller.interrupt();
        poller.join(5000);
        poller = null;
    }
}
