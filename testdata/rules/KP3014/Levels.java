package fixtures;

import java.util.logging.Level;
import java.util.logging.Logger;

public class Levels {
    static final Level AUDIT = new AuditLevel("AUDIT", 850);

    // The class and its constructor share a line so the bytecode frontend (which places a class
    // at its first method's line) reports on the same line as the source frontend.
    static class AuditLevel extends Level { AuditLevel(String name, int value) { super(name, value); } } // want "AuditLevel extends java.util.logging.Level"

    void log(Logger logger, Object event) {
        logger.log(Level.INFO, "[AUDIT] {0}", event); // ok: a standard level
    }
}

class QuietFilter implements java.util.logging.Filter { // ok: a filter is not a level
    public boolean isLoggable(java.util.logging.LogRecord record) {
        return record.getLevel().intValue() >= Level.WARNING.intValue();
    }
}
