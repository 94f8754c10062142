package fixtures.codec;

import fixtures.util.Classes;
import java.io.DataInputStream;
import java.io.IOException;

public class Decoder {

    Object decode(DataInputStream in) throws IOException, ClassNotFoundException {
        String type = in.readUTF();
        Class<?> c = Classes.name2class(type); // want "decode\\(\\) -> Classes.name2class\\(\\) -> Class.forName\\(String\\)"
        return c;
    }

    Object decodeDeep(DataInputStream in) throws IOException, ClassNotFoundException {
        return Classes.resolveArray(in.readUTF(), 2); // want "decodeDeep\\(\\) -> Classes.resolveArray\\(\\) -> .*Class.forName\\(String\\)"
    }

    Object decodeWithLoader(DataInputStream in) throws IOException, ClassNotFoundException {
        return Classes.withLoader(in.readUTF(), Thread.currentThread().getContextClassLoader()); // ok
    }

    /** Passes its own parameter through: the caller of this method is the origin. */
    Class<?> forward(String name) throws ClassNotFoundException {
        return Classes.resolve(name); // ok
    }

    Class<?> viaForward() throws ClassNotFoundException {
        return forward("com.acme.Plugin"); // want "viaForward\\(\\) -> forward\\(\\) -> Classes.resolve\\(\\) -> name2class\\(\\) -> Class.forName"
    }
}
