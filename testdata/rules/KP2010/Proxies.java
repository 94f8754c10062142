package fixtures;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;

public class Proxies {
    Object own(Class<?> api, InvocationHandler handler) {
        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {api}, handler); // want "proxy defined in Proxies's own ClassLoader"
    }

    Object literal(Class<?> api, InvocationHandler handler) {
        return Proxy.newProxyInstance(Proxies.class.getClassLoader(), new Class<?>[] {api}, handler); // want "own ClassLoader"
    }

    Object system(Class<?> api, InvocationHandler handler) {
        return Proxy.newProxyInstance(ClassLoader.getSystemClassLoader(), new Class<?>[] {api}, handler); // want "proxy defined in the System loader"
    }

    Object fixed(Class<?> api, InvocationHandler handler) {
        return Proxy.newProxyInstance(api.getClassLoader(), new Class<?>[] {api}, handler); // ok
    }

    interface Session {
        void close();
    }

    Object literals(InvocationHandler handler) {
        return Proxy.newProxyInstance(Proxies.class.getClassLoader(), new Class<?>[] {Session.class, AutoCloseable.class}, handler); // ok: the own loader resolved these literals
    }

    Object literalsOwnInstance(InvocationHandler handler) {
        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class}, handler); // ok: getClass() only names the loader
    }

    private Class<?> configured = Session.class;

    Object fromField(InvocationHandler handler) {
        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {configured}, handler); // want "proxy defined in Proxies's own ClassLoader"
    }

    Object fromTarget(Object target, InvocationHandler handler) {
        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {target.getClass().getInterfaces()[0]}, handler); // want "proxy defined in Proxies's own ClassLoader"
    }
}

// A spy of JDK interfaces only, defined in the system loader, which sees them (Hibernate's
// testing JdbcSpies); with an interface of the code's own, the system loader does not.
class JdbcSpy {
    interface Marker {
    }

    static java.sql.Connection spy(java.lang.reflect.InvocationHandler h) {
        return (java.sql.Connection) java.lang.reflect.Proxy.newProxyInstance(ClassLoader.getSystemClassLoader(), new Class<?>[] {java.sql.Connection.class}, h); // ok: JDK interfaces only
    }

    static Runnable marked(java.lang.reflect.InvocationHandler h) {
        return (Runnable) java.lang.reflect.Proxy.newProxyInstance(ClassLoader.getSystemClassLoader(), new Class<?>[] {Runnable.class, Marker.class}, h); // want "proxy defined in the System loader, which cannot see module interfaces"
    }
}
