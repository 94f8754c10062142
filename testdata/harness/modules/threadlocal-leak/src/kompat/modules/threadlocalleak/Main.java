package kompat.modules.threadlocalleak;

/** Leak: a static ThreadLocal set on the base-owned thread that runs the module's start (RL-17). */
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
        System.out.println("[threadlocal-leak] started as " + CONTEXT.get().user);
    }
}
