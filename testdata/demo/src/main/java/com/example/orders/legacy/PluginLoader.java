package com.example.orders.legacy;

import java.net.URL;
import java.net.URLClassLoader;

public class PluginLoader {
    private URLClassLoader extensions;

    public Object create(String className) throws Exception {
        Class<?> type = Class.forName(className);
        return type.getDeclaredConstructor().newInstance();
    }

    public void loadExtensions(URL[] jars) {
        extensions = new URLClassLoader(jars, PluginLoader.class.getClassLoader());
        Thread.currentThread().setContextClassLoader(extensions);
    }

    public Object createSafely(String className) throws Exception {
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(extensions);
        try {
            return Class.forName(className, true, extensions).getDeclaredConstructor().newInstance();
        } finally {
            current.setContextClassLoader(previous);
        }
    }
}
