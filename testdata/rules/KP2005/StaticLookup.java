package fixtures;

import java.util.ServiceLoader;
import javax.xml.parsers.DocumentBuilderFactory;

public class StaticLookup {
    private static final DocumentBuilderFactory FACTORY = DocumentBuilderFactory.newInstance(); // want "DocumentBuilderFactory.newInstance in the static initializer of fixtures.StaticLookup"
    private static final ClassLoader FIRST;

    static {
        FIRST = Thread.currentThread().getContextClassLoader(); // want "Thread.getContextClassLoader in the static initializer"
        ServiceLoader.load(Runnable.class); // want "ServiceLoader.load"
    }

    private static DocumentBuilderFactory factory() {
        return DocumentBuilderFactory.newInstance(); // ok: per call
    }
}
