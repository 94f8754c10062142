package fixtures;

// A boolean set only to constants after initialization: the latch of a load-once helper, reset
// for tests (netty's BouncyCastleUtil.attemptedLoading). It pins nothing; one app's switch is
// every app's.
public final class Flags {
    private static volatile boolean attempted = false; // want "static field attempted is a flag that .* set to constants: it holds no app's objects or ClassLoader"

    static void ensureLoaded() {
        if (!attempted) {
            tryLoading();
        }
    }

    private static void tryLoading() {
        Runnable r = () -> {
            Thread.yield();
            attempted = true;
        };
        r.run();
    }

    static void reset() {
        attempted = false;
    }
}
