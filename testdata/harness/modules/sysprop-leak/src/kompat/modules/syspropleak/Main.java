package kompat.modules.syspropleak;

/** Leak: overwrites a JVM-wide system property the base owns and never restores it (ST-07). */
public class Main {
    public static void main(String[] args) {
        System.setProperty("kompat.base.mode", "sysprop-leak");
    }
}
