package fixtures;

public class Context {
    private static final ThreadLocal<String> USER = new ThreadLocal<String>();
    private static final InheritableThreadLocal<String> TENANT = new InheritableThreadLocal<String>();

    void handle(String user, Runnable work) {
        USER.set(user); // ok: a value
        try {
            work.run();
        } finally {
            USER.set(null); // want "ThreadLocal.set\\(null\\) does not clean up"
        }
    }

    void tenant(String t, Runnable work) {
        TENANT.set(t); // ok
        try {
            work.run();
        } finally {
            TENANT.set(null); // want "InheritableThreadLocal.set\\(null\\)"
        }
    }

    void fixed(String user, Runnable work) {
        USER.set(user); // ok
        try {
            work.run();
        } finally {
            USER.remove(); // ok: the cleanup
        }
    }
}
