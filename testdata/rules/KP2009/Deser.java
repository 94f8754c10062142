package fixtures;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;

public class Deser {
    Object read(InputStream bytes) throws IOException, ClassNotFoundException {
        ObjectInputStream in = new ObjectInputStream(bytes); // want "new ObjectInputStream resolves classes"
        return in.readObject();
    }

    Object fixed(InputStream bytes) throws IOException, ClassNotFoundException {
        ObjectInputStream in = new ObjectInputStream(bytes) { // ok: resolves through the context loader
            @Override
            protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                return Class.forName(desc.getName(), false, Thread.currentThread().getContextClassLoader());
            }
        };
        return in.readObject();
    }
}
