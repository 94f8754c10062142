package fixtures;

import java.util.LinkedHashMap;
import java.util.Map;

/** A value type with a shared empty constant: most instances belong to one request of one app. */
public class Headers {
    public static final Headers EMPTY = new Headers();

    private final Map<String, String> values = new LinkedHashMap<>();

    public Headers copy() {
        Headers h = new Headers();
        h.values.putAll(values);
        return h;
    }

    public void clear() {
        values.clear(); // ok: the class is instantiated freely; EMPTY is one instance among many
    }
}
