package kompat.modules.stopfails;

/** Starts fine, but its close() (the context close) throws, so the uninstall fails. */
public class Main implements AutoCloseable {
    public Main() {
        System.out.println("[stop-fails] started");
    }

    @Override
    public void close() {
        throw new IllegalStateException("stop-fails: cannot flush the outbox on shutdown");
    }
}
