package com.acme;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

public class Hazards {
    private static final Map<Class<?>, String> M = new HashMap<>();
    static ThreadLocal<String> TL = new ThreadLocal<>();
    static final String NAME = "hazards";
    static List<? extends Number> NUMS;
    private final Lock lock = new ReentrantLock();
    private Object last;

    @Retention(RetentionPolicy.CLASS)
    @interface Marker {
        String value();
        String[] tags() default {};
    }

    enum Color { RED, GREEN }

    @Deprecated
    @Marker(value = "m", tags = {"a", "b"})
    public void swap(ClassLoader cl) {
        Thread t = Thread.currentThread(); // line:swap-current
        ClassLoader old = t.getContextClassLoader();
        t.setContextClassLoader(cl); // line:swap-set
        try {
            System.out.println("using " + cl);
        } finally {
            t.setContextClassLoader(old); // line:swap-restore
        }
    }

    public Runnable task(final ClassLoader cl) {
        Runnable r = () -> System.out.println(cl); // line:lambda
        synchronized (Hazards.class) { // line:sync
            last = r;
        }
        return r;
    }

    static String pick(boolean flag, String a, long big, String b) {
        String s = String.valueOf(flag ? a : b); // line:ternary
        return s + big;
    }

    void locked() {
        lock.lock();
        try {
            last = null;
        } finally {
            lock.unlock(); // line:unlock
        }
    }

    static Object load(String n) throws ClassNotFoundException {
        return Class.forName(n); // line:forname
    }
}
