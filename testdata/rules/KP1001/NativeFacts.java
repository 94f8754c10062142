package fixtures;

// Statics set from what a native library reports (Tomcat's jni.Library versions, netty's
// Socket.isIpv6Preferred): the JVM binds a native library to one ClassLoader, so the value is the
// process's, whichever app calls initialize().
public class NativeFacts {
    public static int MAJOR = 0; // want "static field MAJOR is set in initialize\\(\\) from native method version\\(\\)"

    private static volatile boolean ipv6 = false; // want "static field ipv6 is set in initialize\\(\\) from native method preferIpv6\\(\\)"

    public static int configured = 0; // want "static field configured is not final and is reassigned in configure\\(\\)"

    public static void initialize() {
        MAJOR = version(1);
        ipv6 = preferIpv6(Boolean.getBoolean("java.net.preferIPv4Stack"));
    }

    public static void configure(int level) {
        configured = level; // a plain setter: one app's value for every app
    }

    private static native int version(int what);

    private static native boolean preferIpv6(boolean ipv4);
}
