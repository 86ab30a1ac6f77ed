package com.example.paubox.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.paubox.support.ReceiverITSupport;
import com.example.paubox.support.TestPeers;
import com.example.paubox.support.Webhooks;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Every hard-bounce alert names its ticket, also when Slack's pace defers it to the retry route. */
class HardBounceAlertIT extends ReceiverITSupport {

    private static final String HARD_BOUNCE = "api_mail_log_permanent_failure";

    @DynamicPropertySource
    static void slackPace(DynamicPropertyRegistry registry) {
        registry.add("paubox.sinks.slack-alert.pace", () -> "1s");
    }

    @Test
    void hardBouncesBackToBackBothAlertWithTheirTicketNumbers() {
        // A first alert, so that the two below are not slowed by the receiver's first HTTP call to Slack.
        long warmUp = eventId(webhooks.post(Webhooks.event("api_mail_log_temporary_failure", Webhooks.nextId(), "warm@patient.example.net")).body());
        await().atMost(Duration.ofSeconds(15)).until(() -> "DELIVERED".equals(deliveryStatuses(warmUp).get("slack-alert")));
        TestPeers.slack().resetRequests();

        long first = Webhooks.nextId();
        long second = Webhooks.nextId();
        assertThat(webhooks.post(Webhooks.event(HARD_BOUNCE, first, "first@patient.example.net")).statusCode()).isEqualTo(200);
        assertThat(webhooks.post(Webhooks.event(HARD_BOUNCE, second, "second@patient.example.net")).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(15)).until(() ->
                count("SELECT COUNT(*) FROM deliveries WHERE sink = 'slack-alert' AND status = 'DELIVERED'") == 3);
        assertThat(slackMessages()).hasSize(2);
        for (JsonNode message : slackMessages()) {
            String text = message.get("text").asText();
            String recipient = text.contains("Paubox message " + first + " ") ? "first@patient.example.net" : "second@patient.example.net";
            Long ticket = jdbc.queryForObject("SELECT id FROM tickets WHERE recipient = ?", Long.class, recipient);
            assertThat(text).as("alert for %s", recipient.substring(0, recipient.indexOf('@'))).endsWith("Ticket: #" + ticket);
        }
    }
}
