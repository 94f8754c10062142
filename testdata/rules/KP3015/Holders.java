package fixtures;

import java.text.SimpleDateFormat;

public class Holders {
    private static final ThreadLocal<String> USER = new ThreadLocal<String>();
    static final InheritableThreadLocal<String> TRACE = new InheritableThreadLocal<String>();
    private static final ThreadLocal<SimpleDateFormat> FORMAT = ThreadLocal.withInitial(() -> new SimpleDateFormat("yyyy"));
    private static final ThreadLocal<StringBuilder> BUFFER = new ThreadLocal<StringBuilder>();
    static final ThreadLocal<Object> SHARED = new ThreadLocal<Object>();
    private final ThreadLocal<String> perInstance = new ThreadLocal<String>();

    void login(String user) {
        USER.set(user); // want "static ThreadLocal Holders.USER is set here and never remove\\(\\)d anywhere in the code base"
    }

    void relogin(String user) {
        USER.set(user); // reported once per class, at the first set()
    }

    void trace(String id) {
        TRACE.set(id); // want "static ThreadLocal Holders.TRACE"
    }

    void pattern(SimpleDateFormat f) {
        FORMAT.set(f); // want "Holders.FORMAT"
    }

    String render(Object o) {
        BUFFER.set(new StringBuilder()); // ok: removed in finally
        try {
            return BUFFER.get().append(o).toString();
        } finally {
            BUFFER.remove();
        }
    }

    void share(Object o) {
        SHARED.set(o); // ok: Cleanup.java removes it
    }

    void instance(String v) {
        perInstance.set(v); // ok: not static (KP3017)
    }

    // Not private: with --release 8 javac reaches a private field of the outer class through a
    // synthetic accessor method, which hides the field from the bytecode frontend.
    static class Worker {
        void run(String user) {
            TRACE.set(user); // want "static ThreadLocal Holders.TRACE"
        }
    }
}
