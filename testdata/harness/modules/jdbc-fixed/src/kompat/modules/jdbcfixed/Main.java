package kompat.modules.jdbcfixed;

import java.sql.DriverManager;
import java.sql.SQLException;

/** Fixed twin of jdbc-leak: the stop hook deregisters the driver. */
public class Main {
    static InMemoryDriver driver;

    public static void main(String[] args) throws SQLException {
        driver = new InMemoryDriver();
        DriverManager.registerDriver(driver);
    }

    public static void stop() throws SQLException {
        DriverManager.deregisterDriver(driver);
        driver = null;
    }
}
