package kompat.modules.clean;

/** A module that does some work at start and leaves nothing behind (static main and stop hook). */
public class Main {
    public static void main(String[] args) {
        StringBuilder greeting = new StringBuilder("hello from clean");
        for (String a : args) {
            greeting.append(' ').append(a);
        }
        System.out.println("[clean] started: " + greeting);
    }

    public static void stop() {
        System.out.println("[clean] stopped");
    }
}
