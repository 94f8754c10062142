package fixtures;

import java.util.Properties;

public class SystemProps {
    void configure(String env) {
        System.setProperty("app.env", env); // want "System.setProperty changes JVM-wide system properties"
        System.clearProperty("app.debug"); // want "System.clearProperty changes JVM-wide"
    }

    void replaceAll(Properties p) {
        System.setProperties(p); // want "System.setProperties changes JVM-wide"
    }

    void viaTable(String v) {
        System.getProperties().put("app.mode", v); // want "put on System.getProperties\\(\\) changes JVM-wide"
        Properties sys = System.getProperties();
        sys.setProperty("app.region", v); // want "setProperty on System.getProperties\\(\\) changes"
        sys.remove("app.region"); // want "remove on System.getProperties\\(\\)"
    }

    String read() {
        String env = System.getProperty("app.env", "dev"); // ok: a read
        return env + System.getProperties().getProperty("app.mode"); // ok: a read
    }

    Properties appConfig(String v) {
        Properties own = new Properties(System.getProperties()); // ok: a private copy with the JVM properties as defaults
        own.setProperty("app.mode", v); // ok: changes only the copy
        Properties local = new Properties();
        local.put("app.mode", v); // ok: not the JVM table
        return own;
    }
}
