package fixtures;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.concurrent.Callable;

// Class, Method, Field and Constructor values resolved once in the static initializer from class
// literals, JDK types or the class's own loader: the same value for every app.
class ReflectUtil {
    static Class<?> forName(String name, ClassLoader loader) throws ClassNotFoundException {
        return Class.forName(name, false, loader);
    }

    static Method findMethod(Class<?> type, String name) {
        try {
            return type.getMethod(name);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    static Field findField(Class<?> type, String name) {
        try {
            return type.getDeclaredField(name);
        } catch (NoSuchFieldException e) {
            return null;
        }
    }
}

public class ResolvedOnce {
    private static final Class<?> OPTIONAL_FEATURE; // ok: resolved through the class's own loader by a helper
    private static final Method CALL = ReflectUtil.findMethod(Callable.class, "call"); // ok: a JDK type's method
    private static final Field VALUE = ReflectUtil.findField(Holder.class, "value"); // ok: a class literal's field
    private static final Constructor<?> CTOR; // ok: a JDK constructor
    private static Method resolve; // ok: assigned only in the static initializer, from its own loader

    static {
        ClassLoader own = ResolvedOnce.class.getClassLoader();
        Class<?> feature = null;
        try {
            feature = ReflectUtil.forName("com.acme.Feature", own);
        } catch (ClassNotFoundException e) {
            // optional
        }
        OPTIONAL_FEATURE = feature;
        Constructor<?> c;
        try {
            c = StringBuilder.class.getConstructor(String.class);
        } catch (NoSuchMethodException e) {
            c = null;
        }
        CTOR = c;
        try {
            Class<?> locator = ReflectUtil.forName("com.acme.Locator", ResolvedOnce.class.getClassLoader());
            resolve = locator.getMethod("resolve", String.class);
        } catch (Exception e) {
            resolve = null;
        }
    }

    static class Holder {
        Object value;
    }
}

class ResolvedByHelper {
    private static final Class<?> FEATURE = loadFeature(); // ok: a same-file helper resolving through the class's own loader
    private static final Method RESOLVE = loadResolve(); // ok: the same, from the field above

    private static Class<?> loadFeature() {
        try {
            return Class.forName("com.acme.Feature", false, ResolvedByHelper.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    private static Method loadResolve() {
        try {
            return FEATURE.getMethod("resolve");
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }
}
