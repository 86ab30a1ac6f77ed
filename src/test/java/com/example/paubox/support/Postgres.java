package com.example.paubox.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The PostgreSQL the tests use: 127.0.0.1:5432, user postgres, database test (or
 * {@code TEST_POSTGRES_URL}), one schema per test class. Tests skip, saying why, when it is not
 * reachable, unless {@code REQUIRE_POSTGRES} is set (CI sets it): then they fail.
 */
public final class Postgres {

    public static final String URL = System.getenv().getOrDefault("TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");

    private Postgres() {
    }

    /** Skips (or, under REQUIRE_POSTGRES, fails) the calling test class without PostgreSQL; drops {@code schema}. */
    public static void assumeReachable(String schema) {
        String problem = null;
        try (Connection connection = DriverManager.getConnection(URL, "postgres", "")) {
            connection.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            problem = e.getMessage();
        }
        if (problem != null && System.getenv("REQUIRE_POSTGRES") != null) {
            throw new IllegalStateException("REQUIRE_POSTGRES is set but PostgreSQL is not reachable at " + URL + ": " + problem);
        }
        assumeTrue(problem == null, "PostgreSQL is not reachable at " + URL + " (" + problem + "): skipping the PostgreSQL run");
    }

    public static String url(String schema) {
        return URL + "?currentSchema=" + schema;
    }
}
