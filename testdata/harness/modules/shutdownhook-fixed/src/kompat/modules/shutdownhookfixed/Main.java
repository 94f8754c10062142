package kompat.modules.shutdownhookfixed;

/** Fixed twin of shutdownhook-leak: the stop hook removes the shutdown hook. */
public class Main {
    static Thread hook;

    public static void main(String[] args) {
        hook = new Thread(() -> System.out.println("[shutdownhook-fixed] bye"), "shutdownhook-fixed-hook");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    public static void stop() {
        Runtime.getRuntime().removeShutdownHook(hook);
        hook = null;
    }
}
