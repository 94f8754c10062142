package fixtures;

import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.ProxySelector;
import java.net.ResponseCache;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandlerFactory;
import java.net.ContentHandlerFactory;
import javax.naming.spi.InitialContextFactoryBuilder;
import javax.naming.spi.NamingManager;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.security.auth.login.Configuration;

public class GlobalFactories {
    void install(URLStreamHandlerFactory handlers, ContentHandlerFactory content, InitialContextFactoryBuilder jndi,
            Authenticator auth, ProxySelector proxies, ResponseCache cache, HostnameVerifier verifier,
            SSLContext ssl, Configuration jaas) throws Exception {
        URL.setURLStreamHandlerFactory(handlers); // want "URL.setURLStreamHandlerFactory installs a JVM-wide factory"
        URLConnection.setContentHandlerFactory(content); // want "URLConnection.setContentHandlerFactory"
        NamingManager.setInitialContextFactoryBuilder(jndi); // want "NamingManager.setInitialContextFactoryBuilder"
        Authenticator.setDefault(auth); // want "Authenticator.setDefault installs"
        ProxySelector.setDefault(proxies); // want "ProxySelector.setDefault"
        CookieHandler.setDefault(new CookieManager()); // want "CookieHandler.setDefault"
        ResponseCache.setDefault(cache); // want "ResponseCache.setDefault"
        HttpsURLConnection.setDefaultSSLSocketFactory(ssl.getSocketFactory()); // want "HttpsURLConnection.setDefaultSSLSocketFactory"
        HttpsURLConnection.setDefaultHostnameVerifier(verifier); // want "HttpsURLConnection.setDefaultHostnameVerifier"
        SSLContext.setDefault(ssl); // want "SSLContext.setDefault"
        Configuration.setConfiguration(jaas); // want "Configuration.setConfiguration"
    }

    void perClient(URL url, SSLContext ssl, HostnameVerifier verifier) throws Exception {
        HttpsURLConnection conn = (HttpsURLConnection) url.openConnection();
        conn.setSSLSocketFactory(ssl.getSocketFactory()); // ok: the fix, this connection only
        conn.setHostnameVerifier(verifier); // ok
        ProxySelector current = ProxySelector.getDefault(); // ok: a read
        SSLContext tls = SSLContext.getInstance("TLS"); // ok: a new context, not the default
        tls.init(null, null, null); // ok
    }
}
