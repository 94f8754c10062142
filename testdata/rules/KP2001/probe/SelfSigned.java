package io.acme.ssl;

// A presence probe for an optional dependency that the code base links against (netty's
// SelfSignedCertificate.isBouncyCastleAvailable): Generator is compiled against CertBuilder and
// resolves it through its own loader, so the own loader is the one to ask.
public class SelfSigned {
    static boolean available() {
        try {
            Class.forName("org.thirdparty.cert.CertBuilder"); // ok: the code base links against this class
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    static Object generate() {
        return available() ? Generator.generate() : null;
    }

    static boolean unlinked() {
        try {
            Class.forName("org.thirdparty.cert.Unlinked"); // want "Class.forName\\(name\\) loads through the ClassLoader of io.acme.ssl.SelfSigned"
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
