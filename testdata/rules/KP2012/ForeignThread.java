package fixtures;

public class ForeignThread {
    void start(Runnable task, ClassLoader moduleLoader) {
        Thread worker = new Thread(task);
        worker.setContextClassLoader(moduleLoader); // want "set on another thread \\(a new Thread\\)"
        worker.start();
    }

    void fixed(Runnable task, ClassLoader moduleLoader) {
        Thread worker = new Thread(() -> {
            Thread t = Thread.currentThread();
            ClassLoader old = t.getContextClassLoader();
            t.setContextClassLoader(moduleLoader); // ok: the current thread, restored
            try {
                task.run();
            } finally {
                t.setContextClassLoader(old); // ok
            }
        });
        worker.start();
    }
}
