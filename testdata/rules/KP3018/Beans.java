package fixtures;

import java.beans.BeanInfo;
import java.beans.IntrospectionException;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;

public class Beans {
    PropertyDescriptor[] describe(Class<?> type) throws IntrospectionException {
        return Introspector.getBeanInfo(type).getPropertyDescriptors(); // want "Introspector.getBeanInfo caches BeanInfo"
    }

    BeanInfo upTo(Class<?> type) throws IntrospectionException {
        return Introspector.getBeanInfo(type, Object.class); // want "nothing in the code base flushes them"
    }

    String property(String getter) {
        return Introspector.decapitalize(getter.substring(3)); // ok: no cache involved
    }
}
