package fixtures;

public class Orders {
    static final OrderPool POOL = new OrderPool();

    public void place(String order) {
        POOL.submit(order); // ok: a value, not a task
    }

    static final class OrderPool {
        void submit(String order) {
        }
    }
}
