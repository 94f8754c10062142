package fixtures;

// Setting the context ClassLoader of other threads (a leak-prevention sweep) is not the current
// thread's save/restore: KP2012 looks at other threads.
public class OtherThreads {
    static void sweep(Thread[] threads, ClassLoader parent) {
        for (Thread thread : threads) {
            if (thread != null && thread.getContextClassLoader() != parent) {
                thread.setContextClassLoader(parent); // ok: another thread's loader
            }
        }
    }
}
