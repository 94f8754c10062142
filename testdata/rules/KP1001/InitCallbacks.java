package fixtures;

/** Statics assigned by a callback the static initializer creates and runs (older protobuf code). */
public final class InitCallbacks {
    interface Assigner {
        void assign(Object root);
    }

    static Object descriptor = null; // want "static field descriptor is not final: every app using this class shares one copy, and code outside the class may reassign it \\(it is assigned only during class initialization here"

    static void build(Assigner a) {
        a.assign(new Object());
    }

    static {
        build(new Assigner() {
            public void assign(Object root) {
                descriptor = root;
            }
        });
    }
}
