package com.acme.core;

// Constant names every app resolves alike: JDK classes and the caller's own organization's.
public class KnownNames {
    static Class<?> probe() throws ClassNotFoundException {
        Class.forName("java.lang.foreign.Linker"); // ok: a JDK class
        Class.forName("sun.misc.Unsafe"); // ok: a JDK-internal class
        Class.forName("[Ljava.lang.String;"); // ok: an array of a JDK class
        return Class.forName("com.acme.util.Helper"); // ok: the caller's own organization
    }

    static boolean literalName() {
        try {
            Class.forName(javax.net.ssl.X509ExtendedTrustManager.class.getName()); // ok: the literal's own loader finds it again
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    static Class<?> optional() throws ClassNotFoundException {
        return Class.forName("org.thirdparty.Feature"); // want "Class.forName\\(name\\) loads through the ClassLoader of com.acme.core.KnownNames"
    }
}
