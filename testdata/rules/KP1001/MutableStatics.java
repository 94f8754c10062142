package fixtures;

import java.util.HashMap;
import java.util.Map;

public class MutableStatics {
    private static Map<String, String> current = null; // want "static field current is not final and is reassigned in configure\\(\\) after class initialization"

    public static String mode = "prod"; // want "static field mode is not final: .*assigned only during class initialization"

    static volatile boolean running = true; // want "running is not final and is reassigned in stop\\(\\)"

    static MutableStatics last = null; // want "last is not final and is reassigned in a constructor"

    static int a = 1, b = 2; // want "static field a is not final" "static field b is not final"

    private static final Map<String, String> DEFAULTS = new HashMap<>(); // ok: final (KP1003 looks at its contents)

    static final int MAX = 10; // ok: a constant

    private static long serialVersionUID = 1L; // ok: serialization field

    private int instanceCount = 0; // ok: an instance field

    MutableStatics() {
        last = this;
    }

    static void configure(Map<String, String> config) {
        current = config;
    }

    void stop() {
        running = false;
    }

    void count() {
        instanceCount = instanceCount + 1;
    }
}

interface Limits {
    int LIMIT = 5; // ok: interface fields are implicitly static final
}

enum Level {
    LOW, // ok: an enum constant
    HIGH; // ok

    static Level fallback = LOW; // want "static field fallback is not final"
}

final class FixedConfig {
    private static final String MODE = System.getProperty("mode", "prod"); // ok: the fix, final and immutable

    static String mode() {
        return MODE;
    }
}
