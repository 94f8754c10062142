package kompat.modules.shutdownhookleak;

/** Leak: a JVM shutdown hook registered at start and never removed (RL-04). */
public class Main {
    public static void main(String[] args) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("[shutdownhook-leak] bye"),
                "shutdownhook-leak-hook"));
    }
}
