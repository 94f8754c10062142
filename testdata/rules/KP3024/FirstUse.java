package fixtures;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.util.Hashtable;
import javax.naming.NamingException;
import javax.naming.directory.InitialDirContext;

public class FirstUse {
    InputStream fetch(String endpoint) throws IOException {
        return new URL(endpoint).openStream(); // want "URL.openStream may be the JVM's first use"
    }

    BufferedImage thumbnail() {
        return new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB); // want "first use of a JDK facility"
    }

    Provider[] providers() {
        return Security.getProviders(); // want "Security.getProviders"
    }

    SecureRandom strong() throws NoSuchAlgorithmException {
        return SecureRandom.getInstanceStrong(); // want "SecureRandom.getInstanceStrong"
    }

    Object directory(Hashtable<String, String> env) throws NamingException {
        return new InitialDirContext(env); // want "first use"
    }

    SecureRandom ordinary() {
        return new SecureRandom(); // ok: seeded from the OS without a generator thread on Linux
    }
}
