package com.example.paubox;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The default routing table end to end on PostgreSQL (127.0.0.1:5432, user postgres, database
 * test), in a schema of its own created by the migrations. Skipped, saying why, when no
 * PostgreSQL is reachable, unless {@code REQUIRE_POSTGRES} is set (CI sets it): then it fails.
 */
class PostgresEndToEndIT extends EndToEndScenarios {

    static final String URL = System.getenv().getOrDefault("TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String SCHEMA = "paubox_e2e";

    @BeforeAll
    static void postgresIsReachable() {
        String problem = null;
        try (Connection connection = DriverManager.getConnection(URL, "postgres", "")) {
            connection.createStatement().execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        } catch (SQLException e) {
            problem = e.getMessage();
        }
        if (problem != null && System.getenv("REQUIRE_POSTGRES") != null) {
            throw new IllegalStateException("REQUIRE_POSTGRES is set but PostgreSQL is not reachable at " + URL + ": " + problem);
        }
        assumeTrue(problem == null, "PostgreSQL is not reachable at " + URL + " (" + problem + "): skipping the PostgreSQL run");
    }

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> URL + "?currentSchema=" + SCHEMA);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
        registry.add("spring.flyway.schemas", () -> SCHEMA);
        registry.add("spring.flyway.create-schemas", () -> "true");
    }
}
