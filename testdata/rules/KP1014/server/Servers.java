package fixtures.server;

public final class Servers {
    static final Server SHARED = new Server(); // the process-wide instance: Server is a singleton

    private Servers() {
    }
}
