package com.acme;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;

public class Resources {
    static int read(String path) throws IOException {
        try (InputStream in = new FileInputStream(path)) { // line:twr
            return in.read();
        }
    }

    static InputStream leak(String path) throws IOException {
        InputStream in = new FileInputStream(path); // line:plain
        in.read();
        return in;
    }
}
