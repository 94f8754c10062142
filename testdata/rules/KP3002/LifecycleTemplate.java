package fixtures;

import java.util.concurrent.ScheduledThreadPoolExecutor;

abstract class LifecycleBase {
    public final void stop() {
        stopInternal();
    }

    protected abstract void stopInternal();
}

// The executor is shut down in the lifecycle template method stop() calls.
public class LifecycleTemplate extends LifecycleBase {
    private ScheduledThreadPoolExecutor utility;

    void start() {
        utility = new ScheduledThreadPoolExecutor(1); // ok: shut down in stopInternal(), which stop() runs
    }

    @Override
    protected void stopInternal() {
        utility.shutdownNow();
    }
}
