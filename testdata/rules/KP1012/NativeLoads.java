package fixtures;

import java.util.ServiceLoader;

public class NativeLoads {
    static {
        System.loadLibrary("fastcodec"); // want "System.loadLibrary binds a native library to this app's ClassLoader"
    }

    void loadFrom(String path) {
        System.load(path); // want "System.load binds a native library"
        Runtime.getRuntime().loadLibrary("zstd"); // want "Runtime.loadLibrary binds"
        Runtime.getRuntime().load(path); // want "Runtime.load binds"
    }

    String notNative() throws Exception {
        ServiceLoader<Runnable> services = ServiceLoader.load(Runnable.class); // ok: not a native library
        Class<?> c = Thread.currentThread().getContextClassLoader().loadClass("java.lang.String"); // ok
        return System.mapLibraryName("fastcodec") + services + c; // ok: only computes a file name
    }
}
