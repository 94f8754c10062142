package fixtures;

import java.util.HashMap;
import java.util.Map;

public class Session {
    private final Map<String, Object> attributes = new HashMap<>();

    public void close() {
        attributes.clear(); // ok: every app creates its own sessions
    }
}
