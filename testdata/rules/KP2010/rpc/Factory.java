package fixtures.rpc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;

/** A bean whose loader defaults to its own and is set by the container (a BeanClassLoaderAware-style setter). */
public class Factory {
    private ClassLoader beanClassLoader = getClass().getClassLoader();

    public void setBeanClassLoader(ClassLoader classLoader) {
        this.beanClassLoader = classLoader;
    }

    Object create(Class<?> api, InvocationHandler h) {
        return Proxy.newProxyInstance(beanClassLoader, new Class<?>[] {api}, h); // ok: the container sets the app's loader; the own loader is a default
    }
}
