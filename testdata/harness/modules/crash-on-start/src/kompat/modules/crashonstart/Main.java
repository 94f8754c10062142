package kompat.modules.crashonstart;

/** Fails in its main, as a Spring Boot module whose context cannot start. */
public class Main {
    public static void main(String[] args) {
        throw new IllegalStateException("crash-on-start: required setting 'db.url' is missing");
    }
}
