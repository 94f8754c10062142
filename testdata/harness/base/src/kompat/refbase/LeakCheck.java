package kompat.refbase;

import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The base-side leak check (custom command kompatLeakCheck): after a few GCs, which uninstalled
 * biz loaders are still alive, and which JVM-global registries still point into them. A real
 * Koupleless base can offer the same as an arklet custom command (a bean extending
 * AbstractCommandHandler); without it the harness relies on jcmd probes alone.
 */
final class LeakCheck {
    private LeakCheck() {}

    static Map<String, Object> run(Map<String, Object> in) {
        System.gc(); // the harness has already run full GCs; one more clears the weak references
        List<Object> retained = new ArrayList<>();
        int collected = 0;
        synchronized (Biz.class) {
            Iterator<Map.Entry<String, WeakReference<ClassLoader>>> it = Biz.LOADERS.iterator();
            while (it.hasNext()) {
                Map.Entry<String, WeakReference<ClassLoader>> e = it.next();
                ClassLoader cl = e.getValue().get();
                if (cl == null) {
                    collected++;
                    it.remove();
                    continue;
                }
                Biz live = Biz.REGISTRY.get(e.getKey());
                if (live != null && live.loader == cl) {
                    continue; // still installed
                }
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("identity", e.getKey());
                r.put("reasons", reasons(cl));
                retained.add(r);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("retained", retained);
        out.put("collected", collected);
        return out;
    }

    private static boolean from(Object o, ClassLoader cl) {
        return o != null && (o == cl || o.getClass().getClassLoader() == cl);
    }

    private static List<Object> reasons(ClassLoader cl) {
        List<Object> out = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getClass().getClassLoader() == cl) {
                out.add(reason("thread", "thread '" + t.getName() + "' is a module class " + t.getClass().getName()));
            } else if (t.getContextClassLoader() == cl) {
                out.add(reason("thread", "thread '" + t.getName() + "' has the module loader as context class loader"));
            }
            for (String f : new String[] {"threadLocals", "inheritableThreadLocals"}) {
                for (Object v : threadLocalValues(t, f)) {
                    if (from(v, cl)) {
                        out.add(reason("threadlocal", "ThreadLocal value " + v.getClass().getName() + " on thread '" + t.getName() + "'"));
                    }
                }
            }
        }
        try {
            Class<?> c = Class.forName("java.lang.ApplicationShutdownHooks");
            Field f = c.getDeclaredField("hooks");
            f.setAccessible(true);
            Object hooks = f.get(null);
            if (hooks instanceof Map<?, ?> m) {
                synchronized (c) {
                    for (Object h : m.keySet()) {
                        Thread t = (Thread) h;
                        if (t.getClass().getClassLoader() == cl || t.getContextClassLoader() == cl) {
                            out.add(reason("shutdownhook", "shutdown hook thread '" + t.getName() + "' (" + t.getClass().getName() + ")"));
                        }
                    }
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            out.add(reason("error", "shutdown hooks not inspectable: " + e));
        }
        try {
            Field f = java.sql.DriverManager.class.getDeclaredField("registeredDrivers");
            f.setAccessible(true);
            for (Object info : (Iterable<?>) f.get(null)) {
                Field df = info.getClass().getDeclaredField("driver");
                df.setAccessible(true);
                Object d = df.get(info);
                if (from(d, cl)) {
                    out.add(reason("jdbc", "JDBC driver " + d.getClass().getName() + " registered with DriverManager"));
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            out.add(reason("error", "DriverManager not inspectable: " + e));
        }
        try {
            MBeanServer s = ManagementFactory.getPlatformMBeanServer();
            Set<ObjectName> names = s.queryNames(null, null);
            for (ObjectName n : names) {
                try {
                    if (s.getClassLoaderFor(n) == cl) {
                        out.add(reason("mbean", "MBean " + n + " (" + s.getMBeanInfo(n).getClassName() + ")"));
                    }
                } catch (Exception ignored) {
                    // unregistered meanwhile
                }
            }
        } catch (RuntimeException e) {
            out.add(reason("error", "MBean server not inspectable: " + e));
        }
        return out;
    }

    private static Map<String, Object> reason(String kind, String text) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.put("text", text);
        return m;
    }

    private static List<Object> threadLocalValues(Thread t, String field) {
        List<Object> out = new ArrayList<>();
        try {
            Field f = Thread.class.getDeclaredField(field);
            f.setAccessible(true);
            Object map = f.get(t);
            if (map == null) {
                return out;
            }
            Field tf = map.getClass().getDeclaredField("table");
            tf.setAccessible(true);
            Object[] table = (Object[]) tf.get(map);
            if (table == null) {
                return out;
            }
            for (Object e : table) {
                if (e == null) {
                    continue;
                }
                Field vf = e.getClass().getDeclaredField("value");
                vf.setAccessible(true);
                Object v = vf.get(e);
                if (v != null) {
                    out.add(v);
                }
            }
        } catch (ReflectiveOperationException | RuntimeException ignored) {
            // not inspectable (no --add-opens java.base/java.lang): skip
        }
        return out;
    }
}
