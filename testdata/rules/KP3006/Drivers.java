package fixtures;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

public class Drivers {
    void init() throws SQLException {
        DriverManager.registerDriver(new AcmeDriver()); // want "DriverManager.registerDriver puts a driver object into java.sql.DriverManager"
    }

    int timeout() {
        return DriverManager.getLoginTimeout(); // ok: reads a setting
    }

    static class AcmeDriver implements Driver {
        static {
            try {
                DriverManager.registerDriver(new AcmeDriver()); // want "nothing in the code base deregisters it"
            } catch (SQLException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        public Connection connect(String url, Properties info) {
            return null;
        }

        public boolean acceptsURL(String url) {
            return url.startsWith("jdbc:acme:");
        }

        public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
            return new DriverPropertyInfo[0];
        }

        public int getMajorVersion() {
            return 1;
        }

        public int getMinorVersion() {
            return 0;
        }

        public boolean jdbcCompliant() {
            return false;
        }

        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }
    }
}
