package org.thirdparty.cert;

// An optional dependency's class (in a real scan it is usually outside the scanned code).
public class CertBuilder {
    public Object build() {
        return new Object();
    }
}
