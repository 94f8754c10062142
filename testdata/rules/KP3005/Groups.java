package fixtures;

public class Groups {
    private static final ThreadGroup WORKERS = new ThreadGroup("workers"); // want "new ThreadGroup in Groups.<clinit>"

    Thread spawn(Runnable task) {
        ThreadGroup nested = new ThreadGroup(WORKERS, "nested"); // want "new ThreadGroup in Groups.spawn"
        return new Thread(nested, task);
    }

    Thread plain(Runnable task) {
        ThreadGroup current = Thread.currentThread().getThreadGroup(); // ok: an existing group
        return new Thread(current, task, "plain"); // ok
    }
}
