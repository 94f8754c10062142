package fixtures;

public class Fields {
    private final ThreadLocal<String> current = new ThreadLocal<String>(); // want "ThreadLocal field current is not static"
    private final InheritableThreadLocal<Integer> depth = new InheritableThreadLocal<Integer>(); // want "ThreadLocal field depth is not static: every Fields instance"
    private final ThreadLocal<StringBuilder> buffer = ThreadLocal.withInitial(StringBuilder::new); // want "field buffer"
    private static final ThreadLocal<String> SHARED = new ThreadLocal<String>(); // ok: static
    private final Object lock = new Object(); // ok: not a ThreadLocal

    String get() {
        return current.get() + depth.get() + buffer.get() + SHARED.get();
    }
}
