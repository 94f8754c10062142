package fixtures.group;

import static fixtures.group.Pools.next;

public class Direct {
    public void run(Runnable task) {
        next().execute(task); // want "run runs the caller's task task on the static pool Pools.next\\(\\)"
    }
}
