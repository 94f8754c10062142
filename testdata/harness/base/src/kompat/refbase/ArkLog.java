package kompat.refbase;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * sofa-ark's and arklet's logging as a real base does it: to files only, under
 * ${logging.path}/sofa-ark/ and ${logging.path}/sofa-arklet/ (common-default.log, and
 * common-error.log for errors), never to the console. Without logging.path nothing is written.
 */
final class ArkLog {
    static final String ARK = "sofa-ark";
    static final String ARKLET = "sofa-arklet";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

    private ArkLog() {
    }

    static void info(String logger, String msg) {
        write(logger, "common-default.log", "INFO ", msg, null);
    }

    static void error(String logger, String msg, Throwable t) {
        write(logger, "common-default.log", "ERROR", msg, t);
        write(logger, "common-error.log", "ERROR", msg, t);
    }

    private static synchronized void write(String logger, String file, String level, String msg, Throwable t) {
        String root = System.getProperty("logging.path");
        if (root == null || root.isBlank()) {
            return;
        }
        StringBuilder b = new StringBuilder();
        b.append(LocalDateTime.now().format(TIME)).append(' ').append(level).append(" [")
                .append(Thread.currentThread().getName()).append("] ").append(msg).append('\n');
        if (t != null) {
            StringWriter sw = new StringWriter();
            t.printStackTrace(new PrintWriter(sw));
            b.append(sw);
        }
        try {
            Path dir = Path.of(root, logger);
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(file), b, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // a base whose log dir cannot be written still runs
        }
    }
}
