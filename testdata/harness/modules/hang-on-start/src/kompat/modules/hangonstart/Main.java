package kompat.modules.hangonstart;

/** Never returns from its main, as a module waiting forever for a remote dependency. */
public class Main {
    public static void main(String[] args) throws InterruptedException {
        System.out.println("[hang-on-start] waiting for a config server that never answers");
        Thread.sleep(Long.MAX_VALUE);
    }
}
