// release 17
package fixtures;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

// The executor is shut down through an instanceof pattern variable on the destroy path.
public class PatternShutdown implements AutoCloseable {
    private Executor executor;

    public void start() {
        if (this.executor == null) {
            this.executor = Executors.newCachedThreadPool(); // ok: shut down in close() through the pattern variable
        }
    }

    @Override
    public void close() {
        if (this.executor instanceof ExecutorService service) {
            service.shutdown();
        }
    }
}
