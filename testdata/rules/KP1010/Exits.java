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
        System.exit(0); // ok: a standalone main may exit
    }
}
