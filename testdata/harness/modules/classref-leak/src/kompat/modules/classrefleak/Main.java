package kompat.modules.classrefleak;

/**
 * Leak: a ThreadLocal on the base-owned thread that runs the module's start holds the module's
 * Class object (RL-17). No instance of a module class and no module thread remain, so neither a
 * class histogram nor a thread dump names the module whose loader is held.
 */
public class Main {
    static final ThreadLocal<Class<?>> ORIGIN = new ThreadLocal<>();

    public static void main(String[] args) {
        ORIGIN.set(Main.class);
        System.out.println("[classref-leak] started");
    }
}
