package fixtures.server;

import java.util.HashMap;
import java.util.Map;

public class Server {
    private final Map<String, Object> handlers = new HashMap<>();

    public void register(String path, Object handler) {
        handlers.put(path, handler);
    }

    public void destroy() {
        this.handlers.clear(); // want "destroy\\(\\) -> Server.handlers.clear\\(\\)"
    }
}
