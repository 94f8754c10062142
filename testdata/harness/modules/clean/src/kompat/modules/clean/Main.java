package kompat.modules.clean;

import java.util.ArrayList;
import java.util.List;

/** A module that does some work at start and leaves nothing behind. */
public class Main {
    static final List<String> GREETINGS = new ArrayList<>();

    public static void main(String[] args) {
        GREETINGS.add("hello from clean");
        System.out.println("[clean] started, " + GREETINGS.size() + " greeting(s)");
    }

    public static void stop() {
        GREETINGS.clear();
    }
}
