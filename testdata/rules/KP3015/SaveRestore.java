package fixtures;

// old = tl.get(); tl.set(x); try { ... } finally { tl.set(old); }: the thread gets back what it
// had. Also spread over two methods through a field that keeps the previous value.
public class SaveRestore {
    private static final ThreadLocal<Object> CURRENT = new ThreadLocal<Object>();
    private static final ThreadLocal<SaveRestore> HOLDER = new ThreadLocal<SaveRestore>();
    private static final ThreadLocal<Object> LEAKY = new ThreadLocal<Object>();
    private static final ThreadLocal<Object> LAST = new ThreadLocal<Object>();

    private SaveRestore old;

    Object generate(Object key) {
        Object save = CURRENT.get();
        CURRENT.set(key); // ok: restored below
        try {
            return key.toString();
        } finally {
            CURRENT.set(save); // ok
        }
    }

    void bind() {
        this.old = HOLDER.get();
        HOLDER.set(this); // ok: restoreThreadLocalStatus puts the saved value back
    }

    void restoreThreadLocalStatus() {
        HOLDER.set(this.old); // ok
    }

    void service(Object request) {
        LAST.set(request); // ok: cleared with set(null) below
        try {
            request.hashCode();
        } finally {
            LAST.set(null); // ok
        }
    }

    void remember(Object v) {
        Object before = CURRENT.get();
        LEAKY.set(before); // want "static ThreadLocal SaveRestore.LEAKY is set here and never remove"
    }
}
