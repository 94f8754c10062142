package fixtures;

@interface PostConstruct {
}

class Settings {
    static int timeout = 30;
    static InstanceWrites current = null;
}

public class InstanceWrites {
    static InstanceWrites lastCreated = null;
    static int hits = 0;
    static String name = "default";

    private int timeout = 10;

    InstanceWrites() {
        lastCreated = this; // want "constructor of InstanceWrites writes static field InstanceWrites.lastCreated"
    }

    @PostConstruct
    void init() {
        Settings.current = this; // want "instance method init\\(\\) writes static field Settings.current: .* the last app to start wins"
    }

    void afterPropertiesSet() {
        InstanceWrites.name = "configured"; // want "instance method afterPropertiesSet\\(\\) writes static field InstanceWrites.name.*last app to start wins"
    }

    void configure(int t) {
        Settings.timeout = t; // want "instance method configure\\(\\) writes static field Settings.timeout: every instance"
        this.timeout = t; // ok: the fix, an instance field
    }

    void countHit() {
        hits++; // want "instance method countHit\\(\\) adds to static counter InstanceWrites.hits"
        hits += 2; // want "instance method countHit\\(\\) adds to static counter InstanceWrites.hits"
    }

    void later(java.util.concurrent.Executor ex) {
        ex.execute(() -> name = "async"); // todo "writes static field InstanceWrites.name"
        ex.execute(new Runnable() {
            public void run() {
                name = "anonymous"; // want "instance method run\\(\\) writes static field InstanceWrites.name"
            }
        });
    }

    void shadow() {
        int hits = 5; // ok: a local that shadows the static field
        hits = hits + 1; // ok
        int t = Settings.timeout; // ok: a read
    }

    static void reset() {
        hits = 0; // ok: a static method (KP1001 reports the field)
        lastCreated = null; // ok
    }

    static {
        name = "static-block"; // ok: class initialization
    }
}

// One problem, one finding: the instance method that sets the static is reported; the one that
// clears it is the same problem (mall's DynamicSecurityMetadataSource). A static that instances
// only clear is reported as a clear.
class ClearedRegistry {
    static java.util.Map<String, String> attributes;
    static Object token;

    void load() {
        attributes = new java.util.HashMap<>(); // want "instance method load\\(\\) writes static field ClearedRegistry.attributes"
    }

    void clear() {
        attributes = null; // ok: the same problem as load()'s write
        token = null; // want "instance method clear\\(\\) clears static field ClearedRegistry.token \\(sets it to null\\)"
    }
}
