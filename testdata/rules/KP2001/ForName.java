package fixtures;

public class ForName {
    Class<?> load(String name) throws ClassNotFoundException {
        return Class.forName(name); // want "Class.forName\\(name\\) loads through the ClassLoader of fixtures.ForName"
    }

    Class<?> fixed(String name) throws ClassNotFoundException {
        return Class.forName(name, true, Thread.currentThread().getContextClassLoader()); // ok
    }
}
