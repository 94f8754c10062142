package kompat.modules.jdbcleak;

import java.sql.DriverManager;
import java.sql.SQLException;

/** Leak: a JDBC driver registered with DriverManager that close() never deregisters (RL-07). */
public class Main implements AutoCloseable {
    private final InMemoryDriver driver = new InMemoryDriver();

    public Main() throws SQLException {
        DriverManager.registerDriver(driver);
    }

    @Override
    public void close() {
        System.out.println("[jdbc-leak] closing, driver left registered");
    }
}
