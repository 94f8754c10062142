package fixtures;

// Classes resolved once in the static initializer through a local that a try block assigns
// (jackson's OptionalHandlerFactory), and the primitive types' Class objects (Boolean.TYPE):
// the same for every app.
public class OptionalTypes {
    private static final Class<?> DOM_NODE; // ok: a class literal, through a local set in a try block
    private static final Class<?> DOM_DOCUMENT; // ok: the same
    private static final Class<?> BOOL = Boolean.TYPE; // ok: a primitive type's Class
    private static final Class<?> INT = Integer.TYPE; // ok: a primitive type's Class

    static {
        Class<?> doc = null, node = null;
        try {
            node = org.w3c.dom.Node.class;
            doc = org.w3c.dom.Document.class;
        } catch (Throwable e) {
            // no DOM support
        }
        DOM_NODE = node;
        DOM_DOCUMENT = doc;
    }

    static boolean supported() {
        return DOM_NODE != null && DOM_DOCUMENT != null && BOOL != INT;
    }
}
