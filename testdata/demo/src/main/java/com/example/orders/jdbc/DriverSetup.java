package com.example.orders.jdbc;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.springframework.stereotype.Component;

@Component
public class DriverSetup {
    public DriverSetup(Driver legacyDriver) throws SQLException {
        // DriverManager lives in the JDK: it keeps this driver, and this module, forever.
        DriverManager.registerDriver(legacyDriver);
    }
}
