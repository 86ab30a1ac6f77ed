package com.example.paubox.embedding;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiver's tables in an embedding application's database: the standalone receiver's own
 * migrations ({@code classpath:paubox/db/migration}), with their history in a table of their own,
 * {@code paubox_schema_history}, so that they never meet the application's migrations (Flyway's
 * {@code flyway_schema_history}, {@code db/migration}). Created only for an application that uses
 * the Kamelet, before the receiver's routes start. A database that holds other tables
 * already is taken as it is (baseline 0), and the receiver's are added to it. Not a
 * {@link Flyway} bean: that would switch off Spring Boot's Flyway for the application's own.
 */
final class ReceiverSchema {

    static final String HISTORY_TABLE = "paubox_schema_history";
    static final String LOCATION = "classpath:paubox/db/migration";

    private static final Logger log = LoggerFactory.getLogger(ReceiverSchema.class);

    private ReceiverSchema() {
    }

    /** Brings the receiver's tables up to date; called once the application is known to use the Kamelet. */
    static void migrate(DataSource dataSource) {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations(LOCATION)
                .table(HISTORY_TABLE)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        log.info("Receiver tables at version {} ({} migration(s) applied now; history in {})",
                result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                result.migrationsExecuted, HISTORY_TABLE);
    }
}
