package fixtures;

public class Hooks {
    private final Thread hook = new Thread(Hooks::flush);

    void start() {
        Runtime.getRuntime().addShutdownHook(new Thread(Hooks::flush)); // want "Runtime.addShutdownHook registers a JVM shutdown hook that nothing removes"
    }

    void startKept() {
        Runtime rt = Runtime.getRuntime();
        rt.addShutdownHook(hook); // want "Runtime.addShutdownHook"
    }

    void startSpring(Context context) {
        context.registerShutdownHook(); // ok: not the JDK call
        Runtime.getRuntime().availableProcessors(); // ok
    }

    static void flush() {
    }

    static class Context {
        void registerShutdownHook() {
        }
    }
}
