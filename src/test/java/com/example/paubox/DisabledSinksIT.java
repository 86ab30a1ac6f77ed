package com.example.paubox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.paubox.support.ReceiverTest;
import com.example.paubox.support.TestPeers;
import com.example.paubox.support.Webhooks;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * With neither SLACK_WEBHOOK_URL nor SMTP_HOST set, the receiver still takes every event: the
 * startup log says both sinks are off, tickets are still written, and each event's deliveries to
 * the missing sinks are recorded as skipped.
 */
@ReceiverTest
@ExtendWith(OutputCaptureExtension.class)
class DisabledSinksIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void eventsForDisabledSinksAreRecordedAsSkipped(CapturedOutput output) {
        assertThat(output.getAll())
                .contains("Sink slack-alert: disabled (SLACK_WEBHOOK_URL is not set); events routed to it are recorded as skipped")
                .contains("Sink email-notify: disabled (SMTP_HOST is not set)");
        Webhooks webhooks = new Webhooks(port);
        TestPeers.resetSlack();

        webhooks.post(Webhooks.event("api_mail_log_permanent_failure", Webhooks.nextId(), "a@patient.example.net"));
        webhooks.post(Webhooks.event("api_mail_log_opened", Webhooks.nextId(), "b@patient.example.net"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "SELECT d.sink || ' ' || d.status FROM deliveries d ORDER BY d.sink", String.class))
                .containsExactly("email-notify SKIPPED", "slack-alert SKIPPED", "ticket-store DELIVERED"));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM tickets", Integer.class)).isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT status FROM webhook_events", String.class)).containsOnly("DISPATCHED");
        assertThat(TestPeers.slack().getAllServeEvents()).isEmpty();
    }
}
