package fixtures.timeout;

/** A preallocated exception of a class whose chain records traces. */
public final class Failures {
    static final FailureError FAILED = new FailureError(); // want "static field FAILED holds a Throwable \\(FailureError\\): its stack trace references"

    private Failures() {}
}

class FailureError extends IllegalStateException {
}
