package fixtures;

import java.net.URLConnection;

// A connection wrapper that forwards the JVM-default setter to the connection it wraps: the
// wrapper's callers change the default, the wrapper itself does nothing of its own.
public class Delegating {
    private final URLConnection connection;

    Delegating(URLConnection connection) {
        this.connection = connection;
    }

    public void setDefaultUseCaches(boolean useCaches) {
        connection.setDefaultUseCaches(useCaches); // ok: forwards its parameter to the wrapped connection
    }

    void disableCaches() {
        connection.setDefaultUseCaches(false); // want "setDefaultUseCaches changes a JVM-wide default"
    }
}
