package kompat.modules.threadlocalfixed;

/** Fixed twin of threadlocal-leak: the value is removed before the borrowed base thread is handed back. */
public class Main {
    static final ThreadLocal<RequestContext> CONTEXT = new ThreadLocal<>();

    /** Per-request state kept in the ThreadLocal. */
    public static final class RequestContext {
        final String user;

        RequestContext(String user) {
            this.user = user;
        }
    }

    public static void main(String[] args) {
        CONTEXT.set(new RequestContext("startup"));
        try {
            System.out.println("[threadlocal-fixed] started as " + CONTEXT.get().user);
        } finally {
            CONTEXT.remove();
        }
    }
}
