package kompat.modules.syspropfixed;

/** Fixed twin of sysprop-leak: the stop hook restores the value it found. */
public class Main {
    static String previous;

    public static void main(String[] args) {
        previous = System.setProperty("kompat.base.mode", "sysprop-fixed");
    }

    public static void stop() {
        if (previous == null) {
            System.clearProperty("kompat.base.mode");
        } else {
            System.setProperty("kompat.base.mode", previous);
        }
    }
}
