package kompat.refbase;

import com.alipay.sofa.ark.container.service.classloader.BizClassLoader;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** One installed module and the registry of them: install and uninstall as SOFAArk does them. */
final class Biz {
    final String name;
    final String version;
    final String mainClass;
    final Path unpackDir;
    final String webContextPath;
    /** MANIFEST priority (default 100): batch installs and listings go by ascending priority. */
    int priority = 100;
    volatile String state;
    final List<Map<String, Object>> records = new ArrayList<>();
    BizClassLoader loader;
    /** The module's application object when its main class implements AutoCloseable. */
    AutoCloseable context;

    private Biz(String name, String version, String mainClass, Path unpackDir, String webContextPath) {
        this.name = name;
        this.version = version;
        this.mainClass = mainClass;
        this.unpackDir = unpackDir;
        this.webContextPath = webContextPath;
    }

    String identity() {
        return name + ":" + version;
    }

    synchronized void setState(String st, String reason, String message) {
        state = st;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("changeTime", System.currentTimeMillis());
        r.put("state", st);
        r.put("reason", reason);
        r.put("message", message == null ? "" : message);
        records.add(r);
    }

    synchronized Map<String, Object> info(boolean full) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bizName", name);
        m.put("bizVersion", version);
        m.put("bizState", state);
        m.put("webContextPath", webContextPath);
        if (full) {
            m.put("mainClass", mainClass);
            m.put("bizStateRecords", new ArrayList<>(records));
        }
        return m;
    }

    synchronized Map<String, Object> model() {
        Map<String, Object> m = info(true);
        m.put("identity", identity());
        m.put("bizTempWorkDir", unpackDir.toString());
        m.put("bizUrl", unpackDir.toUri().toString());
        m.put("attributes", Map.of());
        m.put("priority", priority);
        List<Object> cp = new ArrayList<>();
        if (loader != null) {
            for (URL u : loader.getURLs()) {
                cp.add(u.toString());
            }
        }
        m.put("classPath", cp);
        return m;
    }

    // ---- registry ----

    static final Map<String, Biz> REGISTRY = new LinkedHashMap<>();
    /** Every biz loader ever created, weakly, for the leak check. */
    static final List<Map.Entry<String, WeakReference<ClassLoader>>> LOADERS = new ArrayList<>();

    /** Every registered biz by ascending priority, then identity (as sofa-ark lists them in order). */
    static synchronized List<Biz> all() {
        List<Biz> l = new ArrayList<>(REGISTRY.values());
        l.sort(Comparator.comparingInt((Biz b) -> b.priority).thenComparing(Biz::identity));
        return l;
    }

    static synchronized Biz get(String identity) {
        return REGISTRY.get(identity);
    }

    /** Thrown for outcomes that arklet reports as FAILED with a sofa-ark data code. */
    static final class ClientFailure extends Exception {
        private static final long serialVersionUID = 1L;
        final String dataCode;

        ClientFailure(String dataCode, String message) {
            super(message);
            this.dataCode = dataCode;
        }
    }

    static Path bizDir() {
        String d = System.getProperty("com.alipay.sofa.ark.biz.dir");
        if (d == null || d.isBlank()) {
            d = System.getProperty("java.io.tmpdir") + "/sofa-ark";
        }
        return Path.of(d);
    }

    /** installBiz, synchronously on the calling (arklet worker) thread. */
    static Biz install(String reqName, String reqVersion, String bizUrl, List<String> args) throws Exception {
        Path dir = bizDir();
        Files.createDirectories(dir);
        String ts = new SimpleDateFormat("yyyyMMddHHmmssSSS").format(new Date());
        Path copy = dir.resolve(reqName + "-" + reqVersion + "-" + ts);
        for (int i = 1; Files.exists(copy) || Files.exists(Path.of(copy + "-unpack")); i++) {
            copy = dir.resolve(reqName + "-" + reqVersion + "-" + ts + "-" + i);
        }
        try (InputStream in = new URL(bizUrl).openStream()) {
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        }
        Path unpack = Path.of(copy + "-unpack");
        String name;
        String version;
        String main;
        String ctx;
        int prio = 100;
        try (JarFile jar = new JarFile(copy.toFile())) {
            if (jar.getEntry("com/alipay/sofa/ark/biz/mark") == null) {
                throw new IllegalArgumentException("Archive must be a ark biz!");
            }
            Manifest mf = jar.getManifest();
            Attributes a = mf == null ? new Attributes() : mf.getMainAttributes();
            name = a.getValue("Ark-Biz-Name");
            version = a.getValue("Ark-Biz-Version");
            main = a.getValue("Start-Class") != null ? a.getValue("Start-Class") : a.getValue("Main-Class");
            ctx = a.getValue("web-context-path") != null ? a.getValue("web-context-path") : "/";
            try {
                prio = a.getValue("priority") == null ? 100 : Integer.parseInt(a.getValue("priority").trim());
            } catch (NumberFormatException e) {
                prio = 100;
            }
            if (name == null || name.isBlank() || version == null || version.isBlank()) {
                throw new IllegalArgumentException("Ark-Biz-Name and Ark-Biz-Version are required in the manifest");
            }
            for (JarEntry e : java.util.Collections.list(jar.entries())) {
                Path out = unpack.resolve(e.getName()).normalize();
                if (!out.startsWith(unpack)) {
                    throw new IOException("bad entry " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    try (InputStream in = jar.getInputStream(e)) {
                        Files.copy(in, out);
                    }
                }
            }
        } finally {
            Files.deleteIfExists(copy);
        }
        Biz biz = new Biz(name, version, main, unpack, ctx);
        biz.priority = prio;
        synchronized (Biz.class) {
            if (REGISTRY.containsKey(biz.identity())) {
                // As SOFAArk's doInstallBiz: the unpacked copy of the refused duplicate stays behind.
                throw new ClientFailure("REPEAT_BIZ", "Biz: " + biz.identity() + " has been installed or registered.");
            }
            List<URL> urls = new ArrayList<>();
            urls.add(unpack.toUri().toURL());
            Path lib = unpack.resolve("lib");
            if (Files.isDirectory(lib)) {
                try (Stream<Path> s = Files.list(lib)) {
                    for (Path p : s.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                        urls.add(p.toUri().toURL());
                    }
                }
            }
            biz.loader = new BizClassLoader(biz.identity(), urls.toArray(new URL[0]), Biz.class.getClassLoader());
            LOADERS.add(Map.entry(biz.identity(), new WeakReference<>(biz.loader)));
            BizRuntimeContextRegistry.register(biz.loader);
            biz.setState("resolved", "Created", "");
            REGISTRY.put(biz.identity(), biz);
        }
        try {
            ArkLog.info(ArkLog.ARK, "Begin to start biz: " + biz.identity());
            biz.start(args);
            ArkLog.info(ArkLog.ARK, "Finish to start biz: " + biz.identity());
        } catch (Throwable t) {
            ArkLog.error(ArkLog.ARK, "Start biz: " + biz.identity() + " meet error", t);
            biz.setState("broken", "Install Failed", t.toString());
            if (!"false".equals(System.getProperty("sofa.ark.auto.uninstall.when.failed.enable"))) {
                try {
                    biz.stop();
                } catch (Throwable ignored) {
                    // the start failure is what gets reported
                }
            }
            throw t instanceof Exception ex ? ex : new RuntimeException(t);
        }
        return biz;
    }

    private void start(List<String> args) throws Exception {
        Thread th = Thread.currentThread();
        ClassLoader old = th.getContextClassLoader();
        th.setContextClassLoader(loader);
        try {
            if (mainClass == null) {
                throw new IllegalStateException("no Main-Class or Start-Class in " + identity());
            }
            Class<?> mc = Class.forName(mainClass, true, loader);
            try {
                if (AutoCloseable.class.isAssignableFrom(mc)) {
                    // Lifecycle modules: constructing the object starts the module (a context refresh).
                    Object ctx;
                    try {
                        ctx = mc.getConstructor(String[].class).newInstance((Object) args.toArray(new String[0]));
                    } catch (NoSuchMethodException e) {
                        ctx = mc.getConstructor().newInstance();
                    }
                    context = (AutoCloseable) ctx;
                } else {
                    mc.getMethod("main", String[].class).invoke(null, (Object) args.toArray(new String[0]));
                }
            } catch (InvocationTargetException e) {
                Throwable c = e.getCause();
                if (c instanceof Exception ex) {
                    throw ex;
                }
                throw new RuntimeException(c);
            }
        } finally {
            th.setContextClassLoader(old);
        }
        synchronized (Biz.class) {
            boolean otherActive = REGISTRY.values().stream()
                    .anyMatch(b -> b != this && b.name.equals(name) && "activated".equals(b.state));
            if (otherActive && !Boolean.getBoolean("sofa.ark.activate.multi.biz.version.enable")) {
                setState("deactivated", "Started", "start but is deactivated");
            } else {
                setState("activated", "Started", "");
            }
        }
    }

    /** uninstallBiz: stop hook, unregister, close the loader, delete the unpacked copy. */
    static void uninstall(String name, String version) throws Exception {
        Biz biz = get(name + ":" + version);
        if (biz == null) {
            throw new ClientFailure("NOT_FOUND_BIZ", "Uninstall biz: " + name + ":" + version + " not found.");
        }
        if ("resolved".equals(biz.state)) {
            throw new IllegalStateException("BizState should be activated, deactivated or broken, but " + biz.state);
        }
        biz.stop();
    }

    private void stop() throws Exception {
        if ("activated".equals(state)) {
            setState("deactivated", "Killing", "");
        }
        Thread th = Thread.currentThread();
        ClassLoader old = th.getContextClassLoader();
        th.setContextClassLoader(loader);
        Exception failure = null;
        try {
            // SOFAArk order: BeforeBizStopEvent, where Koupleless closes the module's Spring
            // ApplicationContext if the module created one (BizUninstallEventHandler).
            BizRuntimeContextRegistry.shutdownContext(loader);
            // The JDK-only fixtures' convention (a real base calls neither): close() on the
            // module's AutoCloseable application object, else public static void stop().
            if (context != null) {
                AutoCloseable c = context;
                context = null;
                c.close();
            } else if (mainClass != null) {
                Class<?> mc = Class.forName(mainClass, false, loader);
                Method hook = null;
                try {
                    hook = mc.getMethod("stop");
                } catch (NoSuchMethodException ignored) {
                    // no hook: nothing to close
                }
                if (hook != null && Modifier.isStatic(hook.getModifiers())) {
                    try {
                        hook.invoke(null);
                    } catch (InvocationTargetException e) {
                        throw e.getCause() instanceof Exception ex ? ex : new RuntimeException(e.getCause());
                    }
                }
            }
        } catch (Exception e) {
            ArkLog.error(ArkLog.ARK, "Stop biz: " + identity() + " meet error", e);
            setState("broken", "Uninstall Failed", e.toString());
            failure = e;
        } finally {
            th.setContextClassLoader(old);
            synchronized (Biz.class) {
                REGISTRY.remove(identity());
            }
            setState("stopped", "Stopped", "");
            // BeforeBizRecycleEvent, then the loader is closed and its caches cleared.
            try {
                loader.close();
            } catch (IOException ignored) {
                // best effort, as URLClassLoader.close in SOFAArk
            }
            loader.clearCache();
            loader = null;
            Path deleted = Path.of(unpackDir + "-" + System.currentTimeMillis() + "-deleted");
            try {
                Files.move(unpackDir, deleted);
                deleteTree(deleted);
            } catch (IOException e) {
                System.err.println("[refbase] could not delete " + unpackDir + ": " + e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
