package fixtures.props;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/** Resource helpers of a library: one falls back to the system loader only for a null loader. */
public final class Props {
    private Props() {}

    public static List<URL> loadAll(String name, ClassLoader cl) throws IOException {
        Enumeration<URL> urls = cl != null ? cl.getResources(name) : ClassLoader.getSystemResources(name); // ok: the null-loader branch
        return Collections.list(urls);
    }

    public static List<URL> systemOnly(String name) throws IOException {
        return Collections.list(ClassLoader.getSystemResources(name)); // ok: reported where the name comes from
    }
}
