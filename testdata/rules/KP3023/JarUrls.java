package fixtures;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.URLConnection;
import java.util.jar.JarFile;

public class JarUrls {
    InputStream plain() throws IOException {
        URL url = new URL("jar:file:/opt/plugins/a.jar!/plugin.properties");
        return url.openConnection().getInputStream(); // want "URL.openConnection on a jar: URL without setUseCaches\\(false\\)"
    }

    InputStream stream() throws IOException {
        return new URL("jar:file:/opt/plugins/b.jar!/x.txt").openStream(); // want "URL.openStream on a jar: URL reads through the JDK's JVM-wide cache"
    }

    InputStream viaUri() throws IOException {
        URL url = URI.create("jar:file:/opt/plugins/c.jar!/y.txt").toURL();
        return url.openStream(); // want "URL.openStream on a jar: URL"
    }

    JarFile jarOf(URL resource) throws IOException {
        JarURLConnection c = (JarURLConnection) resource.openConnection(); // want "URL.openConnection on a URL used as a JarURLConnection"
        return c.getJarFile();
    }

    InputStream fixed() throws IOException {
        URLConnection c = new URL("jar:file:/opt/plugins/a.jar!/plugin.properties").openConnection(); // ok: caches off
        c.setUseCaches(false);
        return c.getInputStream();
    }

    JarFile jarFixed(URL resource) throws IOException {
        JarURLConnection c = (JarURLConnection) resource.openConnection(); // ok: caches off
        c.setUseCaches(false);
        return c.getJarFile();
    }

    InputStream http() throws IOException {
        return new URL("http://example.com/").openStream(); // ok: not a jar: URL
    }

    InputStream built(String path) throws IOException {
        return new URL("jar:file:" + path + "!/x.txt").openStream(); // todo "URL.openStream on a jar: URL"
    }
}
