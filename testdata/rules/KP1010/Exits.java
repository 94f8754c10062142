package fixtures;

public class Exits {
    void onError() {
        System.exit(2); // want "System.exit stops the whole JVM"
    }

    void hard() {
        Runtime.getRuntime().halt(1); // want "Runtime.halt"
    }

    void fixed(Object config) {
        if (config == null) {
            throw new IllegalStateException("missing configuration"); // ok
        }
    }

    public static void main(String[] args) {
        // A module's main is run by the base at install time: exiting here kills the base.
        System.exit(0); // want "System.exit stops the whole JVM"
    }

    public static void start(String[] args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("no arguments"); // ok: fails the install only
        }
    }
}
