package com.example.paubox.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.paubox.support.Webhooks;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Webhooks stored before V4 get their sender's domain from V6, as new ones get it from the intake. */
class SenderDomainMigrationTests {

    @Test
    void eventsStoredBeforeTheColumnGetTheirSendersDomain() {
        var database = new DriverManagerDataSource("jdbc:h2:mem:v6-" + System.nanoTime()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(database).locations("classpath:paubox/db/migration").target("5").load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(database);
        insert(jdbc, "k1", Webhooks.event("api_mail_log_delivered", 1, "Billing@Clinic-A.Example.org", "a@patient.example.org"), "webhook");
        insert(jdbc, "k2", "{\"event_name\":\"api_mail_log_delivered\",\"payload\":{\"id\":2}}", "webhook");
        insert(jdbc, "k3", "not json", "webhook");
        insert(jdbc, "k4", "{\"event_name\":\"receiver_alert\",\"payload\":{\"from\":\"x@ops.example\"}}", "watch");

        Flyway.configure().dataSource(database).locations("classpath:paubox/db/migration").load().migrate();

        assertThat(jdbc.queryForList("SELECT event_key || '=' || COALESCE(sender_domain, 'NULL') FROM webhook_events ORDER BY event_key",
                String.class)).containsExactly("k1=clinic-a.example.org", "k2=NULL", "k3=NULL", "k4=NULL");
    }

    private static void insert(JdbcTemplate jdbc, String key, String body, String source) {
        jdbc.update("""
                INSERT INTO webhook_events (event_key, event_name, paubox_message_id, status, raw_body, received_at, updated_at, source)
                VALUES (?, 'api_mail_log_delivered', '1', 'DISPATCHED', ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, ?)""", key, body, source);
    }
}
