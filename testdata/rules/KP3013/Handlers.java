package fixtures;

import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

public class Handlers {
    private static final Logger LOG = Logger.getLogger("com.acme");

    void init(Handler handler) {
        LOG.addHandler(handler); // want "Logger.addHandler attaches a handler to a java.util.logging Logger"
        Logger.getLogger("").addHandler(new ConsoleHandler()); // want "nothing in the code base removes one"
    }

    void tune() {
        LOG.setLevel(Level.FINE); // ok: not a handler
        LOG.setUseParentHandlers(false); // ok
    }
}
