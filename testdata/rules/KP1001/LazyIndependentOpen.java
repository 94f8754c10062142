package fixtures;

// A flag computed lazily from the class's own loader and constant names (Spring's
// UrlPathHelper.websphereComplianceFlag): every app computes the same value, but the field is not
// private, so code elsewhere may assign it.
public class LazyIndependentOpen {
    static volatile Boolean compliance = null; // want "static field compliance is set lazily in compliant\\(\\) to a value that does not depend on the calling app .* but it is not private"

    static boolean compliant() {
        Boolean use = compliance;
        if (use == null) {
            ClassLoader cl = LazyIndependentOpen.class.getClassLoader();
            String name = "com.example.container.WebContainer";
            boolean flag = false;
            try {
                Class<?> c = cl.loadClass(name);
                flag = c.getName().isEmpty();
            } catch (Throwable e) {
                // not that container
            }
            use = flag;
            compliance = flag;
        }
        return use;
    }
}
