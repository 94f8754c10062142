package fixtures;

public class Tccl {
    void leaky(ClassLoader biz) {
        Thread.currentThread().setContextClassLoader(biz); // want "no restore in a finally block"
        work();
    }

    void leakyLocal(ClassLoader biz) {
        Thread t = Thread.currentThread();
        t.setContextClassLoader(biz); // want "context ClassLoader set in leakyLocal"
        work();
    }

    void restoredButNotInFinally(ClassLoader biz) {
        ClassLoader old = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(biz); // want "no restore"
        work();
        Thread.currentThread().setContextClassLoader(old); // ok: the restoring call itself
    }

    void fixed(ClassLoader biz) {
        Thread t = Thread.currentThread();
        ClassLoader old = t.getContextClassLoader();
        t.setContextClassLoader(biz); // ok: restored in finally
        try {
            work();
        } finally {
            t.setContextClassLoader(old); // ok
        }
    }

    void work() {
    }
}
