package com.alipay.sofa.ark.container.service.classloader;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * The reference base's per-module class loader. It carries the class name a real Koupleless base
 * uses for its biz loaders, so the harness counts live instances with the same default in both
 * bases. This is an independent stand-in (a URLClassLoader with the base loader as parent), not
 * SOFAArk's implementation.
 */
public class BizClassLoader extends URLClassLoader {
    static {
        ClassLoader.registerAsParallelCapable();
    }

    private final String bizIdentity;

    public BizClassLoader(String bizIdentity, URL[] urls, ClassLoader parent) {
        super("biz:" + bizIdentity, urls, parent);
        this.bizIdentity = bizIdentity;
    }

    public String getBizIdentity() {
        return bizIdentity;
    }

    /**
     * Called after close() on uninstall, where SOFAArk clears the loader's class and resource
     * caches. This loader keeps none of its own; it drops the JDK's ResourceBundle cache entries
     * for it.
     */
    public void clearCache() {
        java.util.ResourceBundle.clearCache(this);
    }

    @Override
    public String toString() {
        return "BizClassLoader(" + bizIdentity + ")";
    }
}
