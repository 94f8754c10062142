package kompat.modules.syspropfixed;

import java.util.Properties;

/** Fixed twin of sysprop-leak: the module's setting goes into a private copy, the JVM-wide table is never written. */
public class Main implements AutoCloseable {
    private final Properties config;

    public Main() {
        config = new Properties(System.getProperties());
        config.setProperty("kompat.base.mode", "sysprop-fixed");
        System.out.println("[sysprop-fixed] running in mode " + config.getProperty("kompat.base.mode"));
    }

    @Override
    public void close() {
        config.clear();
    }
}
