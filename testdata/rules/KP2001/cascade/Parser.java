package org.typelib;

// A caller of the cascade, and a helper whose caller asks no context loader first.
class Parser {
    Class<?> parse(Types types) throws ClassNotFoundException {
        return types.findClass(System.getProperty("type.name")); // ok: findClass asks the context loader first
    }

    Class<?> entity() throws ClassNotFoundException {
        return Types.load(System.getProperty("entity.class")); // ok: Types.load asks the context loader first
    }

    static Class<?> load() throws ClassNotFoundException {
        return helper(System.getProperty("plugin.class")); // the helper's own call is the finding
    }

    private static Class<?> helper(String name) throws ClassNotFoundException {
        return Class.forName(name); // want "Class.forName\\(name\\) loads through the ClassLoader of org.typelib.Parser"
    }
}
