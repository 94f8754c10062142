package fixtures;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

// A fallback table of JDK classes filled once in the static initializer through a local (jackson's
// BasicDeserializerFactory.ContainerDefaultMappings): fixed, but not private.
public class InitTables {
    @SuppressWarnings("rawtypes")
    static final HashMap<String, Class<? extends Collection>> FALLBACKS; // want(source) "static map FALLBACKS is holding Class values and filled only during class initialization in this class, but it is not private"

    @SuppressWarnings("rawtypes")
    private static final HashMap<String, Class<? extends Collection>> PRIVATE_FALLBACKS; // ok: private, filled only during class initialization

    static {
        @SuppressWarnings("rawtypes")
        HashMap<String, Class<? extends Collection>> fallbacks = new HashMap<>();
        fallbacks.put(List.class.getName(), ArrayList.class);
        fallbacks.put(Set.class.getName(), HashSet.class);
        FALLBACKS = fallbacks; // want(bytecode) "static map FALLBACKS is holding Class values and filled only during class initialization in this class, but it is not private"
        PRIVATE_FALLBACKS = new HashMap<>(fallbacks);
    }

    @SuppressWarnings("rawtypes")
    static Class<? extends Collection> fallback(String name) {
        Class<? extends Collection> c = FALLBACKS.get(name);
        return c != null ? c : PRIVATE_FALLBACKS.get(name);
    }
}
