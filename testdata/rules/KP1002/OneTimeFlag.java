package fixtures;

// A warning logged once: the flag is read, then flipped to a constant.
public class OneTimeFlag {
    private static volatile boolean warned = false;

    void execute(Runnable task) {
        if (!warned) {
            warned = true; // want "flips static flag OneTimeFlag.warned once"
            System.err.println("using the default executor");
        }
        task.run();
    }
}
