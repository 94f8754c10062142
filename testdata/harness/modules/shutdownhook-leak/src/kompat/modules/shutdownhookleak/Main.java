package kompat.modules.shutdownhookleak;

/** Leak: a JVM shutdown hook registered at start that close() never removes (RL-04). */
public class Main implements AutoCloseable {
    private final Thread hook = new Thread(() -> System.out.println("[shutdownhook-leak] bye"), "shutdownhook-leak-hook");

    public Main() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void close() {
        System.out.println("[shutdownhook-leak] closing, hook left registered");
    }
}
