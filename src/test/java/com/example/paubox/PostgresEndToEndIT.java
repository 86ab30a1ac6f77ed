package com.example.paubox;

import com.example.paubox.support.Postgres;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The default routing table end to end on PostgreSQL, in a schema of its own created by the
 * migrations. See {@link Postgres} for when it skips.
 */
class PostgresEndToEndIT extends EndToEndScenarios {

    static final String SCHEMA = "paubox_e2e";

    @BeforeAll
    static void postgresIsReachable() {
        Postgres.assumeReachable(SCHEMA);
    }

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        Postgres.register(registry, SCHEMA);
    }
}
