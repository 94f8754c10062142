package fixtures;

import java.io.PrintStream;
import java.net.FileNameMap;
import java.net.HttpURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.security.Security;
import java.sql.DriverManager;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.Locale;
import java.util.TimeZone;

public class JvmDefaults {
    void setup(PrintStream out, Thread.UncaughtExceptionHandler handler, FileNameMap names) {
        Locale.setDefault(Locale.US); // want "Locale.setDefault changes a JVM-wide default"
        Locale.setDefault(Locale.Category.FORMAT, Locale.US); // want "Locale.setDefault"
        TimeZone.setDefault(TimeZone.getTimeZone("UTC")); // want "TimeZone.setDefault changes a JVM-wide default"
        Thread.setDefaultUncaughtExceptionHandler(handler); // want "Thread.setDefaultUncaughtExceptionHandler"
        System.setOut(out); // want "System.setOut"
        System.setErr(out); // want "System.setErr"
        Security.setProperty("networkaddress.cache.ttl", "30"); // want "Security.setProperty"
        URLConnection.setFileNameMap(names); // want "URLConnection.setFileNameMap"
        HttpURLConnection.setFollowRedirects(false); // want "HttpURLConnection.setFollowRedirects"
        DriverManager.setLoginTimeout(5); // want "DriverManager.setLoginTimeout"
    }

    void connect(URL url) throws Exception {
        HttpURLConnection conn = (HttpURLConnection) url.openConnection();
        conn.setDefaultUseCaches(false); // want "HttpURLConnection.setDefaultUseCaches changes a JVM-wide default"
        conn.setUseCaches(false); // ok: this connection only
        url.openConnection().setDefaultUseCaches(true); // want "URLConnection.setDefaultUseCaches"
    }

    String fixed(Thread worker, Thread.UncaughtExceptionHandler handler) {
        worker.setUncaughtExceptionHandler(handler); // ok: one thread the app owns
        SimpleDateFormat format = new SimpleDateFormat("yyyy-MM-dd", Locale.US); // ok: explicit locale
        format.setTimeZone(TimeZone.getTimeZone("UTC")); // ok: this formatter only
        Locale current = Locale.getDefault(); // ok: a read
        return format.format(new Date()) + current + TimeZone.getDefault().getID(); // ok
    }
}
