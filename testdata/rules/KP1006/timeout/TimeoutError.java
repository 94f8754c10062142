package fixtures.timeout;

/** A shared-instance exception base: the shared instance records no stack trace. */
public class TimeoutError extends RuntimeException {
    private final boolean shared;

    protected TimeoutError(String message, boolean shared) {
        super(message);
        this.shared = shared;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return shared ? this : super.fillInStackTrace();
    }
}
