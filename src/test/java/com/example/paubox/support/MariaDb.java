package com.example.paubox.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The MariaDB the tests use: 127.0.0.1:3306, user root with an empty password, database test (or
 * {@code TEST_MARIADB_URL}). Tests skip, saying why, when it cannot be reached, unless
 * {@code REQUIRE_MARIADB} is set (CI sets it): then they fail.
 */
public final class MariaDb {

    public static final String URL = System.getenv().getOrDefault("TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test");
    public static final String USER = "root";
    public static final String PASSWORD = "";

    private MariaDb() {
    }

    /** Skips (or, under REQUIRE_MARIADB, fails) the calling test class without MariaDB. */
    public static void assumeReachable() {
        String problem = null;
        try (Connection connection = connect()) {
            connection.createStatement().execute("SELECT 1");
        } catch (SQLException e) {
            problem = "MariaDB at " + URL + " is not usable (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
        }
        if (problem != null && System.getenv("REQUIRE_MARIADB") != null) {
            throw new IllegalStateException("REQUIRE_MARIADB is set but " + problem);
        }
        assumeTrue(problem == null, problem + ": skipping the MariaDB run");
    }

    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(URL, USER, PASSWORD);
    }
}
