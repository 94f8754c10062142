package kompat.modules.exitonstart;

/** Ends the whole JVM from its main (ST-10): the base and every other module go down with it. */
public class Main {
    public static void main(String[] args) {
        System.out.println("[exit-on-start] giving up, halting the JVM");
        Runtime.getRuntime().halt(3);
    }
}
