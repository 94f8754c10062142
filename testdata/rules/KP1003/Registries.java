package fixtures;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

public class Registries {
    private static final Map<String, Object> HANDLERS = new HashMap<>(); // want "static final map HANDLERS is filled in register\\(\\): final fixes only the reference.*keep their ClassLoaders alive"
    static final List<Runnable> LISTENERS = new ArrayList<>(); // want "static final list LISTENERS is filled in addListener\\(\\) and register\\(\\)"
    static final Set<String> SEEN = ConcurrentHashMap.newKeySet(); // want "static final set SEEN is filled in a constructor.*plain values \\(strings, numbers\\) that pin no ClassLoader"
    static final Deque<String> RECENT = new ArrayDeque<>(); // want "static final queue RECENT is filled in remember\\(\\)"
    static final Map<String, List<String>> GROUPS = new ConcurrentHashMap<>(); // want "static final map GROUPS is filled in group\\(\\)"
    static final Properties DEFAULTS = new Properties(); // want "static final map DEFAULTS is filled in register\\(\\)"
    static final String[] NAMES = new String[4]; // want "static final array NAMES is filled in reset\\(\\)"
    static final int[] COUNTS = {0, 0}; // todo "static final array COUNTS"
    static final Map<String, Object> ALIASED = new HashMap<>(); // want "static final map ALIASED is filled in reset\\(\\)"

    static final Map<String, String> BUILTIN = new HashMap<>(); // ok: filled only during class initialization
    static final Map<String, String> VIA_HELPER = new HashMap<>(); // ok: filled by a helper that only <clinit> calls
    static final Map<String, String> FIXED = Collections.unmodifiableMap(new HashMap<String, String>()); // ok: unmodifiable
    static final List<String> NONE = Collections.emptyList(); // ok: immutable
    static final List<String> FIXED_SIZE = Arrays.asList("a", "b"); // ok: fixed size
    static final Map<ClassLoader, String> PER_APP = new ConcurrentHashMap<>(); // ok: the fix, keyed by app loader and removed on stop
    static final Map<String, String> READ_ONLY = new HashMap<>(); // ok: never filled after initialization
    private final Map<String, String> perInstance = new HashMap<>(); // ok: an instance field
    static Map<String, String> notFinal = new HashMap<>(); // ok: KP1001's case

    static {
        BUILTIN.put("a", "b");
        builtin("c", "d");
    }

    private static void builtin(String k, String v) {
        add(k, v);
    }

    private static void add(String k, String v) {
        VIA_HELPER.put(k, v);
    }

    Registries(String name) {
        SEEN.add(name);
        perInstance.put("name", name);
    }

    static void register(String name, Object handler, Runnable r) {
        HANDLERS.put(name, handler);
        LISTENERS.add(r);
        DEFAULTS.setProperty(name, "on");
        notFinal.put(name, name);
    }

    void addListener(Runnable r) {
        LISTENERS.add(r);
    }

    void remember(String s) {
        RECENT.push(s);
    }

    void group(String k, String v) {
        GROUPS.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }

    void reset() {
        Arrays.fill(NAMES, null);
        COUNTS[0] = 1;
        Map<String, Object> m = ALIASED;
        m.put("k", "v");
    }

    static void start(String value) {
        PER_APP.put(Thread.currentThread().getContextClassLoader(), value);
    }

    static void stop(ClassLoader app) {
        PER_APP.remove(app);
    }

    static String lookup(String k) {
        return READ_ONLY.get(k) + FIXED.get(k) + NONE.size() + FIXED_SIZE.get(0);
    }
}
