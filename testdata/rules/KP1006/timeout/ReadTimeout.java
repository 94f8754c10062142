package fixtures.timeout;

/** The preallocated instance's class is stackless through its superclass, in another file. */
public final class ReadTimeout extends TimeoutError {
    public static final ReadTimeout INSTANCE = new ReadTimeout(); // ok: TimeoutError overrides fillInStackTrace

    private ReadTimeout() {
        super(null, true);
    }
}
