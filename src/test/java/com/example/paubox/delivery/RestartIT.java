package com.example.paubox.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.paubox.support.Receivers;
import com.example.paubox.support.TestPeers;
import com.example.paubox.support.Webhooks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A receiver stops with work unfinished: alerts waiting for a retry because Slack was down, an
 * event never routed, and claims held by a process that died (expired leases). A new receiver on
 * the same database finishes all of it, each alert once.
 */
class RestartIT {

    private static final String SOFT_BOUNCE = "api_mail_log_temporary_failure";

    @Test
    void unfinishedWorkOfAStoppedReceiverIsFinishedByTheNextOne(@TempDir Path data) throws Exception {
        String url = "jdbc:h2:file:" + data.resolve("paubox") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
        TestPeers.resetSlack();
        TestPeers.slack().stubFor(post(urlEqualTo(TestPeers.SLACK_PATH)).willReturn(aResponse().withStatus(503)));
        List<Long> expected = new ArrayList<>();

        ConfigurableApplicationContext first = Receivers.start(url, Map.of("paubox.delivery.instance-id", "first",
                "paubox.delivery.initial-delay", "30s"));
        try {
            Webhooks webhooks = new Webhooks(Receivers.port(first));
            for (int i = 0; i < 5; i++) {
                long paubox = Webhooks.nextId();
                expected.add(paubox);
                assertThat(webhooks.post(Webhooks.event(SOFT_BOUNCE, paubox, "r" + i + "@patient.example.net")).statusCode()).isEqualTo(200);
            }
            JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    jdbc.queryForObject("SELECT COUNT(*) FROM deliveries WHERE status = 'FAILED'", Integer.class) == 5);
            expected.addAll(leaveWorkOfADeadProcess(jdbc));
        } finally {
            first.close();
        }
        assertThat(Files.exists(data.resolve("paubox.mv.db"))).isTrue();

        TestPeers.resetSlack();
        ConfigurableApplicationContext second = Receivers.start(url, Map.of("paubox.delivery.instance-id", "second"));
        try {
            JdbcTemplate jdbc = second.getBean(JdbcTemplate.class);
            await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> assertThat(jdbc.queryForList(
                    "SELECT status || ' ' || COUNT(*) FROM deliveries GROUP BY status", String.class))
                    .containsExactly("DELIVERED " + expected.size()));
            Map<Long, Long> slack = TestPeers.acceptedAlertsByPauboxId();
            assertThat(slack.keySet()).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(slack.values()).containsOnly(1L);
            assertThat(jdbc.queryForList("SELECT DISTINCT status FROM webhook_events", String.class)).containsExactly("DISPATCHED");
        } finally {
            second.close();
        }
    }

    /**
     * What a process killed mid-work leaves: an event stored but never routed, one claimed for
     * routing under an expired lease, and a delivery claimed under an expired lease.
     */
    private static List<Long> leaveWorkOfADeadProcess(JdbcTemplate jdbc) {
        OffsetDateTime past = OffsetDateTime.now().minusMinutes(10);
        List<Long> ids = new ArrayList<>();
        String[] states = {"RECEIVED", "ROUTING", "DISPATCHED"};
        for (String state : states) {
            long paubox = Webhooks.nextId();
            ids.add(paubox);
            jdbc.update("INSERT INTO webhook_events (event_key, event_name, paubox_message_id, status, raw_body, received_at, updated_at,"
                    + " claimed_by, lease_expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    SOFT_BOUNCE + ":" + paubox, SOFT_BOUNCE, Long.toString(paubox), state,
                    Webhooks.event(SOFT_BOUNCE, paubox, "dead" + state.toLowerCase() + "@patient.example.net"), past, past,
                    state.equals("RECEIVED") ? null : "dead-process", state.equals("ROUTING") ? past : null);
            if (state.equals("DISPATCHED")) {
                Long eventId = jdbc.queryForObject("SELECT id FROM webhook_events WHERE event_key = ?", Long.class, SOFT_BOUNCE + ":" + paubox);
                jdbc.update("INSERT INTO deliveries (event_id, sink, status, attempts, claimed_by, lease_expires_at, created_at, updated_at)"
                        + " VALUES (?, 'slack-alert', 'DELIVERING', 1, 'dead-process', ?, ?, ?)", eventId, past, past, past);
            }
        }
        return ids;
    }
}
