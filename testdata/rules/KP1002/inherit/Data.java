package fixtures.inherit;

import static fixtures.inherit.Buffers.*;

/** definedSize is the inherited instance field, not the static one the wildcard import also offers. */
abstract class AbstractData {
    protected long definedSize;
}

final class Buffers {
    static long definedSize;

    private Buffers() {}

    static byte[] empty() {
        return new byte[0];
    }
}

public class Data extends AbstractData {
    void setValue(byte[] value) {
        definedSize = value.length; // ok: the inherited instance field
        empty();
    }

    void grow(int n) {
        Buffers.definedSize += n; // want "instance method grow\\(\\) adds to static counter Buffers.definedSize"
    }
}
