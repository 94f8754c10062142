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
}
