package fixtures.props;

import java.io.IOException;
import java.net.URL;
import java.util.List;

public class Handlers {
    private final ClassLoader loader = Thread.currentThread().getContextClassLoader();

    List<URL> mappings() throws IOException {
        return Props.loadAll("META-INF/handlers.properties", loader); // ok: a loader is given; null means the system view
    }

    List<URL> system() throws IOException {
        return Props.systemOnly("META-INF/handlers.properties"); // want "system\\(\\) -> Props.systemOnly\\(\\) -> ClassLoader.getSystemResources\\(String\\)"
    }
}
