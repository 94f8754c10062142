package fixtures;

import java.security.AccessController;
import java.security.PrivilegedAction;

// Clearing a new thread's context loader is how a library keeps it from pinning the creator's
// loader; a helper that only forwards a thread and a loader leaves the decision to its callers.
public class ClearLoader {
    static Thread startWatcher(Runnable r) {
        final Thread watcher = new Thread(r);
        AccessController.doPrivileged(new PrivilegedAction<Void>() {
            @Override
            public Void run() {
                watcher.setContextClassLoader(null); // ok: cleared, pins nothing
                return null;
            }
        });
        watcher.start();
        return watcher;
    }

    static void setLoader(Thread t, ClassLoader cl) {
        t.setContextClassLoader(cl); // ok: forwards its parameters
    }

    static Thread startWith(Runnable r, ClassLoader app) {
        Thread t = new Thread(r);
        t.setContextClassLoader(app); // want "context ClassLoader set on another thread"
        return t;
    }
}
