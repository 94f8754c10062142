package io.acme.ssl;

import org.thirdparty.cert.CertBuilder;

final class Generator {
    static Object generate() {
        CertBuilder b = new CertBuilder();
        return b.build();
    }
}
