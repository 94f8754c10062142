package kompat.modules.jdbcfixed;

import java.sql.DriverManager;
import java.sql.SQLException;

/** Fixed twin of jdbc-leak: close() deregisters the driver. */
public class Main implements AutoCloseable {
    private final InMemoryDriver driver = new InMemoryDriver();

    public Main() throws SQLException {
        DriverManager.registerDriver(driver);
    }

    @Override
    public void close() throws SQLException {
        DriverManager.deregisterDriver(driver);
    }
}
