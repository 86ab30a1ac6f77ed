package com.example.paubox.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The PostgreSQL the tests use: 127.0.0.1:5432, user postgres, database test (or
 * {@code TEST_POSTGRES_URL}), one schema per test class; the database is created when the server
 * does not have it yet. Tests skip, saying why, when PostgreSQL cannot be used, unless
 * {@code REQUIRE_POSTGRES} is set (CI sets it): then they fail.
 */
public final class Postgres {

    public static final String URL = System.getenv().getOrDefault("TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");

    private static final String UNKNOWN_DATABASE = "3D000";
    private static final String DUPLICATE_DATABASE = "42P04";

    private Postgres() {
    }

    /** Skips (or, under REQUIRE_POSTGRES, fails) the calling test class without PostgreSQL; drops {@code schema}. */
    public static void assumeReachable(String schema) {
        String problem = null;
        try {
            dropSchema(schema);
        } catch (SQLException e) {
            problem = describe(e);
        }
        if (problem != null && System.getenv("REQUIRE_POSTGRES") != null) {
            throw new IllegalStateException("REQUIRE_POSTGRES is set but " + problem);
        }
        assumeTrue(problem == null, problem + ": skipping the PostgreSQL run");
    }

    private static void dropSchema(String schema) throws SQLException {
        try (Connection connection = connect()) {
            connection.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static Connection connect() throws SQLException {
        try {
            return DriverManager.getConnection(URL, "postgres", "");
        } catch (SQLException e) {
            if (!UNKNOWN_DATABASE.equals(e.getSQLState())) {
                throw e;
            }
        }
        String database = URL.replaceFirst("^.*/([^/?]+)(\\?.*)?$", "$1");
        try (Connection server = DriverManager.getConnection(URL.replaceFirst("/[^/?]+(\\?.*)?$", "/postgres"), "postgres", "")) {
            server.createStatement().execute("CREATE DATABASE \"" + database + "\"");
        } catch (SQLException e) {
            if (!DUPLICATE_DATABASE.equals(e.getSQLState())) {
                throw e;
            }
        }
        return DriverManager.getConnection(URL, "postgres", "");
    }

    private static String describe(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return state.startsWith("08")
                ? "PostgreSQL is not reachable at " + URL + " (" + e.getMessage() + ")"
                : "PostgreSQL at " + URL + " refused the tests (SQLSTATE " + state + ": " + e.getMessage() + ")";
    }

    public static String url(String schema) {
        return URL + "?currentSchema=" + schema;
    }

    /** A receiver's properties for {@code schema} besides its URL: the login, and migrations that create the schema. */
    public static Map<String, Object> login(String schema) {
        return Map.of("spring.datasource.username", "postgres", "spring.datasource.password", "",
                "spring.flyway.schemas", schema, "spring.flyway.create-schemas", true);
    }

    /** The receiver under test on {@code schema}: URL, login and migrations. */
    public static void register(DynamicPropertyRegistry registry, String schema) {
        registry.add("spring.datasource.url", () -> url(schema));
        login(schema).forEach((name, value) -> registry.add(name, () -> value));
    }

    /**
     * The JDBC URL of a database of its own on the tests' server, apart from the one the receivers
     * keep their inbox in, created when the server does not have it (call {@link #assumeReachable} first).
     */
    public static String otherDatabase(String name) throws SQLException {
        String url = URL.replaceFirst("/[^/?]+(\\?.*)?$", "/" + name);
        try (Connection connection = DriverManager.getConnection(url, "postgres", "")) {
            return url;
        } catch (SQLException e) {
            if (!UNKNOWN_DATABASE.equals(e.getSQLState())) {
                throw e;
            }
        }
        try (Connection server = DriverManager.getConnection(URL.replaceFirst("/[^/?]+(\\?.*)?$", "/postgres"), "postgres", "")) {
            server.createStatement().execute("CREATE DATABASE \"" + name + "\"");
        } catch (SQLException e) {
            if (!DUPLICATE_DATABASE.equals(e.getSQLState())) {
                throw e;
            }
        }
        return url;
    }
}
