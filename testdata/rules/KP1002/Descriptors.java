package fixtures;

/** The shape of older protobuf-generated code: a callback built in the static initializer assigns the statics. */
public final class Descriptors {
    interface Assigner {
        void assignDescriptors(Object root);
    }

    static Object descriptor;
    static Object fieldTable;

    static void build(Assigner a) {
        a.assignDescriptors(new Object());
    }

    static {
        Assigner assigner = new Assigner() {
            public void assignDescriptors(Object root) {
                descriptor = root; // want "assignDescriptors\\(\\) of an anonymous class created during Descriptors's initialization writes static field Descriptors.descriptor"
                fieldTable = new Object(); // want "of an anonymous class created during Descriptors's initialization writes static field Descriptors.fieldTable"
            }
        };
        build(assigner);
    }

    static Object last;

    void later() {
        Assigner a = new Assigner() {
            public void assignDescriptors(Object root) {
                last = root; // want "instance method assignDescriptors\\(\\) writes static field Descriptors.last"
            }
        };
        build(a);
    }
}
