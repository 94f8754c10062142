package kompat.refbase;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;

/**
 * The reference base: a test double of a Koupleless base. It serves the arklet HTTP protocol on
 * 127.0.0.1 (POST /command, HTTP 200 with the outcome in "code", lowercase states, the connection
 * closed after each answer) and installs ark-biz jars the way SOFAArk does.
 */
public final class Main {
    static final String BASE_NAME = "base";
    static final String BASE_VERSION = "1.0.0";
    static final Map<String, String> OPS = new ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        int port = Integer.getInteger("koupleless.arklet.http.port", 1238);
        // A JVM-global setting owned by the base; a module must not change it.
        System.setProperty("kompat.base.mode", "base");
        java.util.TimeZone.getDefault(); // sets user.timezone now, not during the first install
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        // Base-owned worker threads, as arklet's Netty event loops (NioEventLoopGroup(), 2 x cores):
        // module main() and stop hooks run on them. Each connection goes to the next loop, round
        // robin, and a loop's thread starts with its first connection, so the threads appear
        // lazily, one per new connection, up to the group's size.
        int workers = Integer.getInteger("kompat.refbase.workers", 2 * Runtime.getRuntime().availableProcessors());
        EventLoops pool = new EventLoops(workers);
        server.setExecutor(pool);
        server.createContext("/", Main::handle);
        server.start();
        System.out.println("[refbase] http tunnel listening on port: " + port);
        System.out.println("[refbase] biz dir: " + Biz.bizDir());
        // As in a Spring Boot base, arklet answers during the context refresh, before the web
        // server starts and the application is ready: -Dkompat.refbase.readyAfterMillis=N puts
        // N ms between the two.
        long readyAfter = Long.getLong("kompat.refbase.readyAfterMillis", 0L);
        if (readyAfter <= 0) {
            becomeReady();
            return;
        }
        Thread startup = new Thread(() -> {
            try {
                Thread.sleep(readyAfter);
            } catch (InterruptedException e) {
                return;
            }
            becomeReady();
        }, "refbase-startup");
        startup.start();
    }

    static final long STARTED_NANOS = System.nanoTime();
    static volatile boolean ready;
    static final AtomicInteger INSTALLS_BEFORE_READY = new AtomicInteger();

    /**
     * The end of a Spring Boot start: the embedded web server binds server.port (when it is set;
     * a port in use ends the JVM, as Spring Boot's "Web server failed to start"), actuator health
     * answers UP, and the "Started ... in ... seconds" line is logged.
     */
    static void becomeReady() {
        String p = System.getProperty("server.port");
        if (p != null && !p.isBlank()) {
            try {
                HttpServer web = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(p.trim())), 16);
                web.createContext("/actuator/health", ex -> {
                    byte[] b = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
                    ex.getResponseHeaders().set("Content-Type", "application/vnd.spring-boot.actuator.v3+json");
                    ex.sendResponseHeaders(200, b.length);
                    try (OutputStream os = ex.getResponseBody()) {
                        os.write(b);
                    }
                });
                web.start();
                System.out.println("[refbase] Tomcat started on port " + web.getAddress().getPort() + " (http)");
            } catch (IOException | RuntimeException e) {
                System.err.println("[refbase] Web server failed to start. Port " + p + " was already in use. (" + e + ")");
                System.exit(1);
            }
        }
        ready = true;
        double secs = (System.nanoTime() - STARTED_NANOS) / 1e9;
        double up = ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
        System.out.printf("[refbase] Started Main in %.3f seconds (process running for %.3f)%n", secs, up);
    }

    /** Records an install that arrived before the base said it was ready. */
    static void checkReady(String cmd) {
        if (!ready) {
            INSTALLS_BEFORE_READY.incrementAndGet();
            System.out.println("[refbase] " + cmd + " arrived before the base was ready");
        }
    }

    /** Netty's worker group: thread names nioEventLoopGroup-<pool>-<thread> (the pool number is fixed here). */
    static final class EventLoops implements java.util.concurrent.Executor {
        private final java.util.concurrent.ExecutorService[] loops;
        private final AtomicInteger next = new AtomicInteger();

        EventLoops(int n) {
            loops = new java.util.concurrent.ExecutorService[Math.max(1, n)];
            for (int i = 0; i < loops.length; i++) {
                String name = "nioEventLoopGroup-3-" + (i + 1);
                // A single-thread executor starts its thread on the first task only.
                loops[i] = java.util.concurrent.Executors.newSingleThreadExecutor(r -> new Thread(r, name));
            }
        }

        @Override
        public void execute(Runnable r) {
            loops[Math.floorMod(next.getAndIncrement(), loops.length)].execute(r);
        }
    }

    static final Map<String, String> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("help", "list all supported commands");
        COMMANDS.put("installBiz", "install one ark biz");
        if (!"false".equals(System.getProperty("kompat.refbase.batch"))) {
            // -Dkompat.refbase.batch=false stands in for a base older than arklet 1.4.1 / 2.1.11.
            COMMANDS.put("batchInstallBiz", "batch install ark biz");
        }
        COMMANDS.put("uninstallBiz", "uninstall one ark biz");
        COMMANDS.put("queryAllBiz", "query all ark biz(excluding master biz)");
        COMMANDS.put("health", "get health info");
        COMMANDS.put("kompatLeakCheck", "gc, then report which uninstalled biz loaders are still alive and what holds them");
        COMMANDS.put("kompatOpStats", "how many installBiz and uninstallBiz calls were in flight at once, at most");
    }

    /** installBiz / uninstallBiz calls in flight now, and the most there ever were at once. */
    static final Map<String, int[]> IN_FLIGHT = new ConcurrentHashMap<>();

    /**
     * -Dkompat.refbase.overlapGate=N holds every installBiz (and uninstallBiz) until N of its
     * kind are in flight, or at most kompat.refbase.overlapGateMillis (10 s) have passed, so that
     * calls that a client makes concurrently are certain to overlap in the base and calls made
     * one after the other never do.
     */
    static void enterOp(String op) {
        int gate = Integer.getInteger("kompat.refbase.overlapGate", 0);
        long deadline = System.currentTimeMillis() + Long.getLong("kompat.refbase.overlapGateMillis", 10_000L);
        int[] c = IN_FLIGHT.computeIfAbsent(op, k -> new int[3]); // in flight, most at once, gate openings
        synchronized (c) {
            int generation = c[2];
            c[0]++;
            c[1] = Math.max(c[1], c[0]);
            if (gate > 0 && c[0] >= gate) {
                c[2]++;
                c.notifyAll();
                return;
            }
            while (gate > 0 && c[2] == generation) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    System.out.println("[refbase] overlap gate: " + op + " went alone after waiting for " + gate + " in flight");
                    return;
                }
                try {
                    c.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    static void leaveOp(String op) {
        int[] c = IN_FLIGHT.get(op);
        synchronized (c) {
            c[0]--;
        }
    }

    static Map<String, Object> opStats() {
        Map<String, Object> max = new TreeMap<>();
        Map<String, Object> opened = new TreeMap<>();
        IN_FLIGHT.forEach((op, c) -> {
            synchronized (c) {
                max.put(op, c[1]);
                opened.put(op, c[2]);
            }
        });
        return Map.of("maxInFlight", max, "gateOpened", opened, "installsBeforeReady", INSTALLS_BEFORE_READY.get());
    }

    private static void handle(HttpExchange ex) throws IOException {
        try {
            if (!"POST".equals(ex.getRequestMethod())) {
                send(ex, 500, "POST http request only supported by arklet");
                return;
            }
            String cmd = ex.getRequestURI().getPath().substring(1);
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, Object> in;
            if (body.isBlank()) {
                in = null;
            } else {
                Object parsed;
                try {
                    parsed = Json.parse(body);
                } catch (IllegalArgumentException e) {
                    parsed = null;
                }
                if (!(parsed instanceof Map)) {
                    // arklet: the parse throws before the handler; no answer is ever written.
                    System.err.println("[refbase] malformed request to /" + cmd + ", no answer");
                    return;
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) parsed;
                in = m;
            }
            if (!COMMANDS.containsKey(cmd)) {
                // arklet writes CMD_NOT_FOUND and then, because it does not return, a second response.
                String a = Json.write(envelope("CMD_NOT_FOUND", "please follow the doc", null));
                String b = Json.write(envelope("CMD_PROCESS_INTERNAL_ERROR", "Internal Error: " + cmd + " not found handler", null));
                send(ex, 200, a + b);
                return;
            }
            send(ex, 200, Json.write(dispatch(cmd, in)));
        } catch (Throwable t) {
            t.printStackTrace();
            send(ex, 200, Json.write(envelope("CMD_PROCESS_INTERNAL_ERROR", "Internal Error: " + t, null)));
        }
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        ex.getResponseHeaders().set("Connection", "close");
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, 0); // no Content-Length, as arklet
        try (OutputStream os = ex.getResponseBody()) {
            os.write(b);
        }
        ex.close();
    }

    static Map<String, Object> envelope(String code, String message, Object data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("baseIdentity", "127.0.0.1");
        m.put("code", code);
        m.put("message", message);
        m.put("data", data);
        return m;
    }

    static Map<String, Object> clientResponse(String code, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", code);
        m.put("message", message);
        return m;
    }

    static String str(Map<String, Object> in, String k) {
        Object v = in == null ? null : in.get(k);
        return v == null ? null : v.toString();
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static Map<String, Object> dispatch(String cmd, Map<String, Object> in) {
        switch (cmd) {
            case "help": {
                List<Object> l = new ArrayList<>();
                COMMANDS.forEach((id, desc) -> l.add(Map.of("id", id, "desc", desc)));
                return envelope("SUCCESS", null, l);
            }
            case "installBiz":
                checkReady(cmd);
                enterOp(cmd);
                try {
                    return install(in);
                } finally {
                    leaveOp(cmd);
                }
            case "batchInstallBiz":
                checkReady(cmd);
                return batchInstall(in);
            case "uninstallBiz":
                enterOp(cmd);
                try {
                    return uninstall(in);
                } finally {
                    leaveOp(cmd);
                }
            case "queryAllBiz": {
                List<Object> l = new ArrayList<>();
                for (Biz b : Biz.all()) {
                    l.add(b.info(true));
                }
                return envelope("SUCCESS", null, l);
            }
            case "health":
                return health(in);
            case "kompatLeakCheck":
                return envelope("SUCCESS", null, LeakCheck.run(in));
            case "kompatOpStats":
                return envelope("SUCCESS", null, opStats());
            default:
                throw new IllegalStateException(cmd + " not found handler");
        }
    }

    /** arklet's NamedThreadFactory: ARKLET-<prefix>-<pool, from 0>-T<thread, from 1>. */
    static final class NamedThreadFactory implements ThreadFactory {
        private static final AtomicInteger POOLS = new AtomicInteger();
        private final AtomicInteger threads = new AtomicInteger(1);
        private final String prefix;

        NamedThreadFactory(String secondPrefix) {
            prefix = "ARKLET-" + secondPrefix + "-" + POOLS.getAndIncrement() + "-T";
        }

        @Override
        public Thread newThread(Runnable r) {
            return new Thread(r, prefix + threads.getAndIncrement());
        }
    }

    /** arklet's biz-ops pool: 20..50 threads, a queue of 100, the caller runs what does not fit. */
    static final ThreadPoolExecutor BIZ_OPS = new ThreadPoolExecutor(20, 50, 30, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(100), new NamedThreadFactory("ark-biz-ops"), new ThreadPoolExecutor.CallerRunsPolicy());

    /**
     * batchInstallBiz as arklet does it: every item is read once for its MANIFEST priority
     * (default 100), groups run in ascending priority, the items of a group in parallel on the
     * biz-ops pool; a failed item does not throw but becomes a FAILED entry of bizUrlToResponse.
     */
    private static Map<String, Object> batchInstall(Map<String, Object> in) {
        Object list = in == null ? null : in.get("bizList");
        if (!(list instanceof List<?> items)) {
            return envelope("CMD_PROCESS_INTERNAL_ERROR", "Internal Error: bizList should not be empty", null);
        }
        TreeMap<Integer, List<Map<String, Object>>> groups = new TreeMap<>();
        for (Object o : items) {
            if (!(o instanceof Map<?, ?>)) {
                return envelope("CMD_PROCESS_INTERNAL_ERROR", "Internal Error: bizList items must be objects", null);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> item = (Map<String, Object>) o;
            groups.computeIfAbsent(priority(str(item, "bizUrl")), k -> new ArrayList<>()).add(item);
        }
        Map<String, Object> byUrl = new ConcurrentHashMap<>();
        long meta0 = metaspaceUsed();
        for (Map.Entry<Integer, List<Map<String, Object>>> g : groups.entrySet()) {
            List<String> ids = new ArrayList<>();
            g.getValue().forEach(item -> ids.add(str(item, "bizName") + ":" + str(item, "bizVersion")));
            System.out.println("[refbase] batchInstallBiz: priority group " + g.getKey() + ": " + String.join(", ", ids));
            List<Future<?>> running = new ArrayList<>();
            for (Map<String, Object> item : g.getValue()) {
                running.add(BIZ_OPS.submit(() -> {
                    Map<String, Object> r = install(item);
                    boolean itemOK = "SUCCESS".equals(r.get("code"));
                    Object data = r.get("data");
                    if (!itemOK && data instanceof Map<?, ?> d && d.get("code") != null) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> dm = (Map<String, Object>) d;
                        byUrl.put(String.valueOf(item.get("bizUrl")), dm);
                    } else {
                        byUrl.put(String.valueOf(item.get("bizUrl")), itemOK ? data
                                : clientResponse("FAILED", "internal exception: " + r.get("message")));
                    }
                }));
            }
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (Exception e) {
                    throw new IllegalStateException("batch install item: " + e, e);
                }
            }
        }
        Map<String, Object> results = new LinkedHashMap<>();
        boolean ok = true;
        for (Object o : items) {
            String url = String.valueOf(((Map<?, ?>) o).get("bizUrl"));
            Object r = byUrl.get(url);
            results.put(url, r);
            ok &= r instanceof Map<?, ?> m && "SUCCESS".equals(m.get("code"));
        }
        Map<String, Object> data = clientResponse(ok ? "SUCCESS" : "FAILED", ok ? "batch install success" : "batch install failed");
        data.put("bizUrlToResponse", results);
        data.put("elapsedSpace", metaspaceUsed() - meta0);
        return envelope(ok ? "SUCCESS" : "FAILED", ok ? null : "install biz not success!", data);
    }

    /** The MANIFEST priority of a biz jar (100 when absent or unreadable, as in SOFAArk). */
    static int priority(String bizUrl) {
        if (blank(bizUrl)) {
            return 100;
        }
        try (InputStream in = new URL(bizUrl).openStream(); JarInputStream jar = new JarInputStream(in)) {
            Manifest mf = jar.getManifest();
            String p = mf == null ? null : mf.getMainAttributes().getValue("priority");
            return p == null || p.isBlank() ? 100 : Integer.parseInt(p.trim());
        } catch (IOException | NumberFormatException e) {
            return 100;
        }
    }

    private static Map<String, Object> install(Map<String, Object> in) {
        String name = str(in, "bizName");
        String version = str(in, "bizVersion");
        String url = str(in, "bizUrl");
        if (in == null || blank(url)) {
            return envelope("CMD_PROCESS_INTERNAL_ERROR", "Internal Error: bizUrl should not be blank", null);
        }
        if (blank(name) != blank(version)) {
            return envelope("CMD_PROCESS_INTERNAL_ERROR",
                    "Internal Error: bizName and bizVersion should be both blank or both not blank.", null);
        }
        if (blank(name)) {
            name = "unknown";
            version = "unknown";
        }
        List<String> args = new ArrayList<>();
        if (in.get("args") instanceof List<?> l) {
            l.forEach(a -> args.add(String.valueOf(a)));
        }
        String key = name + ":" + version;
        String running = OPS.putIfAbsent(key, "installBiz");
        if (running != null) {
            return envelope("FAILED", "FAILED:" + key + " installBiz conflict, exist unfinished command(" + running + ") for this biz", null);
        }
        long start = System.currentTimeMillis();
        long meta0 = metaspaceUsed();
        try {
            Biz b = Biz.install(name, version, url, args);
            Map<String, Object> data = clientResponse("SUCCESS",
                    "Install Biz: " + b.identity() + " success, cost: " + (System.currentTimeMillis() - start) + " ms");
            data.put("bizInfos", List.of(b.model()));
            data.put("elapsedSpace", metaspaceUsed() - meta0);
            return envelope("SUCCESS", null, data);
        } catch (Biz.ClientFailure f) {
            ArkLog.error(ArkLog.ARKLET, "installBiz " + key + " failed: " + f.dataCode + " " + f.getMessage(), null);
            Map<String, Object> data = clientResponse(f.dataCode, f.getMessage());
            data.put("elapsedSpace", metaspaceUsed() - meta0);
            return envelope("FAILED", "install biz not success!", data);
        } catch (Throwable t) {
            ArkLog.error(ArkLog.ARKLET, "installBiz " + key + " failed", t);
            return internalError(t);
        } finally {
            OPS.remove(key);
        }
    }

    private static Map<String, Object> uninstall(Map<String, Object> in) {
        String name = str(in, "bizName");
        String version = str(in, "bizVersion");
        if (blank(name) || blank(version)) {
            return envelope("CMD_PROCESS_INTERNAL_ERROR", "Internal Error: bizName and bizVersion should not be blank", null);
        }
        String key = name + ":" + version;
        String running = OPS.putIfAbsent(key, "uninstallBiz");
        if (running != null) {
            return envelope("FAILED", "FAILED:" + key + " uninstallBiz conflict, exist unfinished command(" + running + ") for this biz", null);
        }
        try {
            Biz.uninstall(name, version);
            return envelope("SUCCESS", null, clientResponse("SUCCESS", "Uninstall biz: " + key + " success."));
        } catch (Biz.ClientFailure f) {
            ArkLog.error(ArkLog.ARKLET, "uninstallBiz " + key + " failed: " + f.dataCode + " " + f.getMessage(), null);
            return envelope("FAILED", "uninstall biz not success!", clientResponse(f.dataCode, f.getMessage()));
        } catch (Throwable t) {
            ArkLog.error(ArkLog.ARKLET, "uninstallBiz " + key + " failed", t);
            return internalError(t);
        } finally {
            OPS.remove(key);
        }
    }

    private static Map<String, Object> internalError(Throwable t) {
        StringWriter sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        Map<String, Object> m = envelope("CMD_PROCESS_INTERNAL_ERROR", "Internal Error: " + t, null);
        m.put("errorStackTrace", "kompat.refbase.ArkletRuntimeException: " + sw);
        return m;
    }

    static long metaspaceUsed() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if ("Metaspace".equals(p.getName())) {
                return p.getUsage().getUsed();
            }
        }
        return 0;
    }

    private static Map<String, Object> health(Map<String, Object> in) {
        String type = str(in, "type");
        Map<String, Object> hd = new LinkedHashMap<>();
        Map<String, Object> master = new LinkedHashMap<>();
        master.put("bizName", BASE_NAME);
        master.put("bizState", "activated");
        master.put("bizVersion", BASE_VERSION);
        master.put("webContextPath", "/");
        List<Object> bizList = new ArrayList<>();
        bizList.add(master);
        for (Biz b : Biz.all()) {
            bizList.add(b.info(false));
        }
        if (blank(type)) {
            hd.put("masterBizInfo", master);
            hd.put("jvm", jvm());
            hd.put("cpu", Map.of("count", Runtime.getRuntime().availableProcessors()));
            hd.put("bizListInfo", bizList);
            hd.put("pluginListInfo", List.of());
        } else if ("system".equals(type)) {
            Object metrics = in.get("metrics");
            List<?> ms = metrics instanceof List<?> l && !l.isEmpty() ? l : List.of("cpu", "jvm");
            for (Object m : ms) {
                if ("jvm".equals(m)) {
                    hd.put("jvm", jvm());
                } else if ("cpu".equals(m)) {
                    hd.put("cpu", Map.of("count", Runtime.getRuntime().availableProcessors()));
                } else {
                    return envelope("FAILED", "indicator not registered", null);
                }
            }
        } else if ("biz".equals(type)) {
            String name = str(in, "bizName");
            String version = str(in, "bizVersion");
            if (blank(name)) {
                hd.put("bizListInfo", bizList);
            } else if (blank(version)) {
                List<Object> l = new ArrayList<>();
                Biz.all().stream().filter(b -> b.name.equals(name)).forEach(b -> l.add(b.info(false)));
                if (l.isEmpty()) {
                    return envelope("FAILED", "can not find biz: " + name, null);
                }
                hd.put("bizListInfo", l);
            } else {
                Biz b = Biz.get(name + ":" + version);
                if (b == null) {
                    return envelope("FAILED", "can not find biz", null);
                }
                hd.put("bizInfo", b.info(false));
            }
        } else if ("plugin".equals(type)) {
            hd.put("pluginListInfo", List.of());
        } else {
            return envelope("CMD_PROCESS_INTERNAL_ERROR", "Internal Error: type: " + type + " can not be found", null);
        }
        return envelope("SUCCESS", null, Map.of("healthData", hd));
    }

    private static Map<String, Object> jvm() {
        double mb = 1024.0 * 1024.0;
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        MemoryUsage heap = mem.getHeapMemoryUsage();
        MemoryUsage nonHeap = mem.getNonHeapMemoryUsage();
        ClassLoadingMXBean cl = ManagementFactory.getClassLoadingMXBean();
        Runtime rt = Runtime.getRuntime();
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("java version", System.getProperty("java.version"));
        j.put("java home", System.getProperty("java.home"));
        j.put("total memory(M)", rt.totalMemory() / mb);
        j.put("max memory(M)", rt.maxMemory() / mb);
        j.put("free memory(M)", rt.freeMemory() / mb);
        j.put("init heap memory(M)", heap.getInit() / mb);
        j.put("used heap memory(M)", heap.getUsed() / mb);
        j.put("committed heap memory(M)", heap.getCommitted() / mb);
        j.put("max heap memory(M)", heap.getMax() / mb);
        j.put("init non heap memory(M)", nonHeap.getInit() / mb);
        j.put("used non heap memory(M)", nonHeap.getUsed() / mb);
        j.put("committed non heap memory(M)", nonHeap.getCommitted() / mb);
        j.put("max non heap memory(M)", nonHeap.getMax() / mb);
        j.put("loaded class count", cl.getLoadedClassCount());
        j.put("unload class count", cl.getUnloadedClassCount());
        j.put("total class count", cl.getTotalLoadedClassCount());
        j.put("run time(s)", ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
        long used = -1;
        long committed = -1;
        long max = -1;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if ("Metaspace".equals(p.getName())) {
                used = p.getUsage().getUsed();
                committed = p.getUsage().getCommitted();
                max = p.getUsage().getMax();
            }
        }
        j.put("java used metaspace", used);
        j.put("java committed metaspace", committed);
        j.put("java max metaspace", max);
        return j;
    }
}
