package fixtures;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Enumeration;
import javax.sql.DataSource;

public class Jdbc {
    Connection open(String url) throws SQLException {
        return DriverManager.getConnection(url, "app", "secret"); // want "DriverManager.getConnection from module code"
    }

    Enumeration<Driver> list() {
        return DriverManager.getDrivers(); // want "DriverManager.getDrivers"
    }

    Connection pooled(DataSource ds) throws SQLException {
        return ds.getConnection(); // ok: a DataSource
    }
}
