package fixtures.app;

import fixtures.lib.Codecs;

public class User {
    Object implicit() throws ClassNotFoundException {
        return Codecs.find("com.acme.Codec"); // want "implicit\\(\\) -> Codecs.find\\(\\).*Codecs.find\\(\\) picks a ClassLoader implicitly; an overload of find with 2 parameters takes it explicitly"
    }

    Object explicit() throws ClassNotFoundException {
        return Codecs.find("com.acme.Codec", getClass().getClassLoader()); // ok
    }

    Object viaContext() throws ClassNotFoundException {
        return Codecs.lookup("com.acme.Codec"); // ok
    }

    Object nullLoader() throws ClassNotFoundException {
        return Codecs.parse("com.acme.Codec"); // want "nullLoader\\(\\) -> Codecs.parse\\(\\).*picks a ClassLoader implicitly.*kompat cannot tell which loader it then uses"
    }

    Object argumentsLoader() {
        return Codecs.create(User.class); // ok
    }

    private static Object shared;

    static void keep() throws ClassNotFoundException {
        shared = Codecs.find("com.acme.Codec"); // want "keep\\(\\) -> Codecs.find\\(\\).*kept in static User.shared"
    }

    Object throughOverloads() {
        return Codecs.key(User.class); // ok: two overloads on, the loader is the passed class's
    }

    Object noLoaderSeen() {
        return new fixtures.lib.Settings(); // want "new Settings\\(\\).*kompat cannot tell which loader it then uses"
    }
}
