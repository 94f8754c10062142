package kompat.modules.shutdownhookfixed;

/** Fixed twin of shutdownhook-leak: close() removes the shutdown hook. */
public class Main implements AutoCloseable {
    private final Thread hook = new Thread(() -> System.out.println("[shutdownhook-fixed] bye"), "shutdownhook-fixed-hook");

    public Main() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void close() {
        Runtime.getRuntime().removeShutdownHook(hook);
    }
}
