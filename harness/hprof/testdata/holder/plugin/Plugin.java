package plugin;

// Loaded only by the "instance" loader (its directory is not on the class path).
public class Plugin {
    public final String name = "plugin";
}
