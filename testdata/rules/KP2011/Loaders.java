package fixtures;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

public class Loaders {
    private URLClassLoader plugins;
    private URLClassLoader closedPlugins;

    Manifest read(String path) throws IOException {
        JarFile jar = new JarFile(path); // want "JarFile in local jar is never closed"
        return jar.getManifest();
    }

    void load(URL[] urls) {
        plugins = new URLClassLoader(urls); // want "URLClassLoader kept in field plugins is never closed"
        closedPlugins = new URLClassLoader(urls); // ok: closed in close()
    }

    Manifest fixed(String path) throws IOException {
        try (JarFile jar = new JarFile(path)) { // ok
            return jar.getManifest();
        }
    }

    Manifest closedByHand(String path) throws IOException {
        JarFile jar = new JarFile(path); // ok
        try {
            return jar.getManifest();
        } finally {
            jar.close();
        }
    }

    Manifest closedThroughCopy(String path) throws IOException {
        JarFile jar = new JarFile(path); // ok: closed through the copy
        JarFile same = jar;
        try {
            return same.getManifest();
        } finally {
            same.close();
        }
    }

    Manifest copyOfAnother(String path, JarFile other) throws IOException {
        JarFile jar = new JarFile(path); // want "JarFile in local jar is never closed"
        JarFile same = jar;
        same = other;
        try {
            return jar.getManifest();
        } finally {
            same.close();
        }
    }

    public void close() throws IOException {
        closedPlugins.close();
    }
}
