package fixtures.rpc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;

public class Stubs {
    private final ClassLoader loader;

    public Stubs(ClassLoader cl) {
        if (cl == null) {
            cl = Stubs.class.getClassLoader();
        }
        this.loader = cl;
    }

    static ClassLoader defaultLoader() {
        return ClassLoader.getSystemClassLoader();
    }

    Object reassigned(ClassLoader cl, Class<?> api, InvocationHandler h) {
        if (cl == null) {
            cl = getClass().getClassLoader();
        }
        return Proxy.newProxyInstance(cl, new Class<?>[] {api}, h); // want "reassigned\\(\\) -> Proxy.newProxyInstance\\(ClassLoader, ...\\): proxy defined in the class's own loader"
    }

    Object viaHelper(Class<?> api, InvocationHandler h) {
        return Proxy.newProxyInstance(defaultLoader(), new Class<?>[] {api}, h); // want "viaHelper\\(\\) -> defaultLoader\\(\\) -> Proxy.newProxyInstance.*the system loader"
    }

    Object viaField(Class<?> api, InvocationHandler h) {
        return Proxy.newProxyInstance(loader, new Class<?>[] {api}, h); // want "field Stubs.loader"
    }

    Object fromCaller(ClassLoader cl, Class<?> api, InvocationHandler h) {
        return Proxy.newProxyInstance(cl, new Class<?>[] {api}, h); // ok: the caller chooses
    }

    Object contextFirst(Class<?> api, InvocationHandler h) {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        if (cl == null) {
            cl = api.getClassLoader();
        }
        return Proxy.newProxyInstance(cl, new Class<?>[] {api}, h); // ok
    }
}
