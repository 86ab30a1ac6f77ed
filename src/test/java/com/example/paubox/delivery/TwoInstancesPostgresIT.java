package com.example.paubox.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.paubox.support.Postgres;
import com.example.paubox.support.Receivers;
import com.example.paubox.support.TestPeers;
import com.example.paubox.support.Webhooks;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two receivers on one PostgreSQL database, both sweeping the same backlog of 500 stored events:
 * every sink gets every event once in total, whichever instance routed it.
 */
class TwoInstancesPostgresIT {

    private static final String SCHEMA = "paubox_two";
    private static final String[] KINDS = {
        "api_mail_log_permanent_failure", "api_mail_log_temporary_failure", "api_mail_log_opened"};

    @BeforeAll
    static void postgres() {
        Postgres.assumeReachable(SCHEMA);
    }

    @Test
    void backlogSweptByTwoInstancesIsDeliveredOnce() {
        TestPeers.resetSlack();
        TestPeers.resetSmtp();
        String url = Postgres.url(SCHEMA);
        Map<String, Object> postgres = Postgres.login(SCHEMA);
        ConfigurableApplicationContext first = Receivers.start(url, with(postgres, "paubox.delivery.instance-id", "first"));
        ConfigurableApplicationContext second = null;
        try {
            second = Receivers.start(url, with(postgres, "paubox.delivery.instance-id", "second"));
            JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
            Map<String, List<Long>> sent = storeBacklog(jdbc, 500);

            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(jdbc.queryForList("SELECT status || ' ' || COUNT(*) FROM webhook_events GROUP BY status", String.class))
                            .containsExactly("DISPATCHED 500"));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(jdbc.queryForList("SELECT sink || ' ' || status || ' ' || COUNT(*) FROM deliveries GROUP BY sink, status",
                            String.class)).containsExactlyInAnyOrder("ticket-store DELIVERED 167", "slack-alert DELIVERED 334",
                            "email-notify DELIVERED 166"));

            Map<Long, Long> slack = TestPeers.acceptedAlertsByPauboxId();
            List<Long> alerted = new ArrayList<>(sent.get(KINDS[0]));
            alerted.addAll(sent.get(KINDS[1]));
            assertThat(slack.keySet()).containsExactlyInAnyOrderElementsOf(alerted);
            assertThat(slack.values()).as("each alert sent once in total").containsOnly(1L);
            assertThat(TestPeers.smtp().getReceivedMessages()).hasSize(166);
            assertThat(jdbc.queryForList("SELECT DISTINCT claimed_by FROM webhook_events", String.class))
                    .as("both instances routed part of the backlog").containsExactlyInAnyOrder("first", "second");
        } finally {
            if (second != null) {
                second.close();
            }
            first.close();
        }
    }

    /** Stores events as the intake does, dated in the past so that the sweepers take them at once. */
    private static Map<String, List<Long>> storeBacklog(JdbcTemplate jdbc, int count) {
        Map<String, List<Long>> sent = new java.util.HashMap<>();
        OffsetDateTime past = OffsetDateTime.now().minusMinutes(5);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String kind = KINDS[i % KINDS.length];
            long paubox = Webhooks.nextId();
            sent.computeIfAbsent(kind, k -> new ArrayList<>()).add(paubox);
            rows.add(new Object[] {kind + ":" + paubox, kind, Long.toString(paubox),
                Webhooks.event(kind, paubox, "backlog" + i + "@patient.example.net"), past, past});
        }
        jdbc.batchUpdate("INSERT INTO webhook_events (event_key, event_name, paubox_message_id, status, raw_body, received_at, updated_at)"
                + " VALUES (?, ?, ?, 'RECEIVED', ?, ?, ?)", rows);
        return sent;
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> all = new java.util.HashMap<>(base);
        all.put(key, value);
        return all;
    }
}
