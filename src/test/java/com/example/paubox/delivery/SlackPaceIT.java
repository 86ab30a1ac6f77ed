package com.example.paubox.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.paubox.support.ReceiverITSupport;
import com.example.paubox.support.TestPeers;
import com.example.paubox.support.Webhooks;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A burst of alerts is queued to Slack's pace of one a second, not sent at once and not failed. */
class SlackPaceIT extends ReceiverITSupport {

    @DynamicPropertySource
    static void slackPace(DynamicPropertyRegistry registry) {
        registry.add("paubox.sinks.slack-alert.pace", () -> "1s");
    }

    @Test
    void burstOfAlertsIsSpacedAboutOneSecondApart() {
        for (int i = 0; i < 4; i++) {
            assertThat(webhooks.post(Webhooks.event("api_mail_log_temporary_failure", Webhooks.nextId(), "p" + i + "@patient.example.net"))
                    .statusCode()).isEqualTo(200);
        }

        await().atMost(Duration.ofSeconds(15)).until(() ->
                count("SELECT COUNT(*) FROM deliveries WHERE status = 'DELIVERED'") == 4);
        List<Long> sentAt = TestPeers.slack().getAllServeEvents().stream()
                .map(e -> e.getRequest().getLoggedDate().getTime()).sorted().toList();
        assertThat(sentAt).hasSize(4);
        for (int i = 1; i < sentAt.size(); i++) {
            assertThat(sentAt.get(i) - sentAt.get(i - 1)).as("ms between alert %d and %d", i, i + 1).isGreaterThanOrEqualTo(800);
        }
        assertThat(count("SELECT COUNT(*) FROM deliveries WHERE attempts <> 1")).as("waiting is not a failed attempt").isZero();
    }
}
