package fixtures.lib;

/** The no-argument constructor leaves the loader unset; what that means is decided at use. */
public class Settings {
    private final ClassLoader loader;

    public Settings() {
        this.loader = null; // ok
    }

    public Settings(String name, ClassLoader loader) {
        this.loader = loader; // ok
    }
}
