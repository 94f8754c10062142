package fixtures.group;

import static fixtures.group.Pools.*;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** A group of executors the app creates: next() is its own (inherited) instance method. */
interface ExecutorGroup {
    ExecutorService next();
}

public abstract class Group implements ExecutorGroup {
    public Future<?> submit(Runnable task) {
        return next().submit(task); // ok: next() is the group's inherited instance method, not Pools.next()
    }

    public int size() {
        return poolSize();
    }
}
