package fixtures;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

// Releases that live in another class: an anonymous context-closed listener (a class file of
// its own, reaching the private field through a synthetic accessor before Java 11), and a
// separate bean that shuts down a static pool of a holder class.
public class CrossFile {
    private final ExecutorService pool = Executors.newFixedThreadPool(2); // ok: the listener shuts it down

    ApplicationListener<ContextClosedEvent> closer() {
        return new ApplicationListener<ContextClosedEvent>() {
            @Override
            public void onApplicationEvent(ContextClosedEvent event) {
                pool.shutdownNow();
            }
        };
    }
}

class PoolHolder {
    static final ExecutorService POOL = Executors.newCachedThreadPool(); // ok: PoolCloser shuts it down
}

class PoolCloser implements DisposableBean {
    @Override
    public void destroy() {
        PoolHolder.POOL.shutdown();
    }
}

// A context-closed listener written as a lambda (a @Bean in a configuration class).
class LambdaListener {
    private final ExecutorService pool = Executors.newFixedThreadPool(2); // ok: the lambda listener shuts it down

    ApplicationListener<ContextClosedEvent> closer() {
        return event -> pool.shutdown();
    }
}
