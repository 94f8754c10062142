package kompat.modules.syspropfixed;

/** Fixed twin of sysprop-leak: close() restores the value it found. */
public class Main implements AutoCloseable {
    private final String previous;

    public Main() {
        previous = System.setProperty("kompat.base.mode", "sysprop-fixed");
    }

    @Override
    public void close() {
        if (previous == null) {
            System.clearProperty("kompat.base.mode");
        } else {
            System.setProperty("kompat.base.mode", previous);
        }
    }
}
