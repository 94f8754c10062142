package fixtures;

import java.lang.reflect.Method;

public class ResolvedOnceStatics {
    private static Method resolve; // ok: a Method resolved once in the static initializer from the class's own loader
    private static Class<?> feature; // ok: the same

    static {
        try {
            feature = Class.forName("com.acme.Feature", false, ResolvedOnceStatics.class.getClassLoader());
            resolve = feature.getMethod("resolve", String.class);
        } catch (Exception e) {
            feature = null;
            resolve = null;
        }
    }
}

class GeneratedTables {
    private static int[] table = null; // want "static field table is not final: it is assigned only during class initialization"

    static {
        initTable();
    }

    private static void initTable() {
        table = new int[] {1, 2, 3};
    }
}
