package fixtures;

import fixtures.event.ApplicationListener;
import fixtures.event.ContextClosedEvent;
import fixtures.event.ContextRefreshedEvent;

class PoolCloser implements ApplicationListener<ContextClosedEvent> {
    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        SharedPool.POOL.shutdown(); // want "onApplicationEvent on a context-closed event shuts down process-wide state \\(SharedPool.POOL.shutdown\\(\\)\\)"
    }
}

class StaticCloser {
    public void onClosed(ContextClosedEvent event) {
        SharedPool.shutdownAll(); // want "SharedPool.shutdownAll\\(\\)"
    }
}

class HolderCloser implements ApplicationListener<ContextClosedEvent> {
    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        cleanup(); // want "shuts down process-wide state \\(cleanup\\(\\)\\)"
    }

    private void cleanup() {
        SharedPool.getInstance().close();
        SharedPool.instance = null;
    }
}

class OwnContextCloser implements ApplicationListener<ContextClosedEvent> {
    private final Object context;

    OwnContextCloser(Object context) {
        this.context = context;
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        if (event.getApplicationContext() != context) {
            return;
        }
        SharedPool.shutdownAll(); // ok: only when its own context closes
    }
}

class OwnResourceCloser implements ApplicationListener<ContextClosedEvent> {
    private final java.io.Closeable client;

    OwnResourceCloser(java.io.Closeable client) {
        this.client = client;
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        try {
            client.close(); // ok: the listener's own resource
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

class RefreshListener implements ApplicationListener<ContextRefreshedEvent> {
    @Override
    public void onApplicationEvent(ContextRefreshedEvent event) {
        SharedPool.shutdownAll(); // ok: not a close event
    }
}

class DispatchingListener implements ApplicationListener<fixtures.event.ApplicationEvent> {
    private final Object context;

    DispatchingListener(Object context) {
        this.context = context;
    }

    @Override
    public void onApplicationEvent(fixtures.event.ApplicationEvent event) {
        if (event.getSource() != context) {
            return;
        }
        if (event instanceof ContextClosedEvent) {
            onClosed((ContextClosedEvent) event);
        }
    }

    private void onClosed(ContextClosedEvent event) {
        SharedPool.shutdownAll(); // ok: the dispatcher checked the event's context first
    }
}
