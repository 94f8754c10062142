package kompat.modules.eventloopleak;

/**
 * Leak: an event loop thread named as Netty names them (a module's own NioEventLoopGroup, whose
 * name is the same as the base's arklet event loops) that close() never shuts down (RL-01).
 */
public class Main implements AutoCloseable {
    private final Thread loop;

    public Main() {
        loop = new Thread(Main::run, "nioEventLoopGroup-3-1");
        loop.start();
    }

    static void run() {
        while (true) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                // an event loop that is never shut down ignores interruption
            }
        }
    }

    @Override
    public void close() {
        System.out.println("[eventloop-leak] closing, " + loop.getName() + " left running");
    }
}
