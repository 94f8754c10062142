package fixtures;

import java.security.Provider;
import java.security.Security;

public class Providers {
    static final class AcmeProvider extends Provider {
        AcmeProvider() {
            super("Acme", 1.0, "test provider");
        }
    }

    static {
        Security.addProvider(new AcmeProvider()); // want "Security.addProvider installs a JCA provider JVM-wide"
    }

    void first() {
        Security.insertProviderAt(new AcmeProvider(), 1); // want "Security.insertProviderAt"
    }

    Provider lookup() {
        return Security.getProvider("SUN"); // ok: a lookup
    }
}
