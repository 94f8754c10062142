package kompat.modules.jdbcleak;

import java.sql.DriverManager;
import java.sql.SQLException;

/** Leak: a JDBC driver registered with DriverManager and never deregistered (RL-07). */
public class Main {
    public static void main(String[] args) throws SQLException {
        DriverManager.registerDriver(new InMemoryDriver());
    }
}
