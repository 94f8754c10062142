package fixtures;

import java.util.concurrent.ThreadFactory;

// A thread factory that gives its threads the JDK's loader so that no app's loader is pinned.
public class JdkLoader implements ThreadFactory {
    @Override
    public Thread newThread(Runnable r) {
        Thread t = new Thread(r, "jdk-loader");
        t.setContextClassLoader(ThreadFactory.class.getClassLoader()); // ok: the JDK's (bootstrap) loader, no app's
        t.setDaemon(true);
        return t;
    }
}
