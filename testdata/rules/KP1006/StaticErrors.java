package fixtures;

import java.util.function.Supplier;

public class StaticErrors {
    static final IllegalStateException CLOSED = new IllegalStateException("closed"); // want "static field CLOSED holds a Throwable \\(IllegalStateException\\): its stack trace"
    static Throwable lastFailure = null; // want "static field lastFailure holds a Throwable \\(Throwable\\)"
    private static final Object SENTINEL = new RuntimeException("sentinel"); // want "static field SENTINEL holds a Throwable \\(RuntimeException\\)"
    static final Abort ABORT = new Abort(); // want(source) "static field ABORT holds a Throwable \\(Abort\\)"
    static final Quiet QUIET = Quiet.INSTANCE; // ok: no stack trace to pin anything

    static final String ERROR = "error"; // ok: a String named like an error
    static final Class<? extends Exception> FAILURE_TYPE = IllegalStateException.class; // ok: a class, not an exception
    static final ErrorCode CODE = ErrorCode.FAILED; // ok: not a Throwable
    static final Supplier<IllegalStateException> CLOSED_ERROR = () -> new IllegalStateException("closed"); // ok: the fix, created on demand
    private final Exception cause = null; // ok: an instance field

    void check(boolean closed) {
        if (closed) {
            throw new IllegalStateException("closed"); // ok: created where it is thrown
        }
    }

    static void fail(Throwable t) {
        lastFailure = t;
    }
}

class Abort extends RuntimeException {
    Abort() {
        super("abort");
    }
}

class Quiet extends RuntimeException {
    static final Quiet INSTANCE = new Quiet("quiet"); // ok: created without a stack trace

    Quiet(String message) {
        super(message, null, false, false);
    }
}

enum ErrorCode {
    FAILED // ok
}

class QuietException extends Exception {
    static final QuietException INSTANCE = new QuietException(); // ok: fillInStackTrace is overridden

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}

// A value class named like an error, not a Throwable.
final class TransportError {
    static final TransportError NO_ERROR = new TransportError(0); // ok: not a Throwable, only the name ends in Error
    private final int code;

    private TransportError(int code) {
        this.code = code;
    }
}

final class PreallocatedErrors {
    static final IllegalStateException CLOSED = Stackless.newStatic(PreallocatedErrors.class, "close()", "closed"); // want "made by a factory that is given the class and method to show"

    static final class Stackless {
        static IllegalStateException newStatic(Class<?> where, String method, String message) {
            IllegalStateException e = new IllegalStateException(message);
            e.setStackTrace(new StackTraceElement[] {new StackTraceElement(where.getName(), method, null, -1)});
            return e;
        }
    }
}

// A sentinel record whose one static instance is an anonymous subclass that records no trace.
class Trace extends RuntimeException {
    static final Trace BOTTOM = new Trace() { // want(bytecode) "static field BOTTOM holds a Throwable made by an anonymous subclass of Trace whose body is in another class file"
        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // ok: no backtrace, nothing pinned
        }
    };
}
