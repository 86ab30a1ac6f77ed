package com.example.paubox.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.paubox.support.ReceiverITSupport;
import com.example.paubox.support.Webhooks;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The sinks of one event are delivered independently. Found from outside: with the ticket SQL
 * pointing at a table the database does not have, every hard-bounce Slack alert failed with it,
 * attempt after attempt. Now the alert goes at once, without a ticket id, and the ticket sink
 * fails, retries and dies on its own schedule ({@code paubox.sinks.ticket-store.max-attempts}).
 */
@TestPropertySource(properties = {
    "paubox.tickets.sql.count-repeat=UPDATE no_such_tickets SET occurrences = occurrences + 1 WHERE open_recipient = :#recipient",
    "paubox.tickets.sql.find-open=SELECT id FROM no_such_tickets WHERE open_recipient = :#recipient",
    "paubox.sinks.ticket-store.max-attempts=2"
})
class SinkIndependenceIT extends ReceiverITSupport {

    @Test
    void alertsGoAtOnceWhileTheTicketTableIsMissing() throws Exception {
        List<Long> events = List.of(
                eventId(webhooks.post(Webhooks.event("api_mail_log_permanent_failure", Webhooks.nextId(), "a@patient.example.net")).body()),
                eventId(webhooks.post(Webhooks.event("api_mail_log_permanent_failure", Webhooks.nextId(), "b@patient.example.net")).body()),
                eventId(webhooks.post(Webhooks.event("api_mail_log_permanent_failure", Webhooks.nextId(), "c@patient.example.net")).body()));

        await().atMost(Duration.ofSeconds(5)).until(() -> slackMessages().size() == 3);
        assertThat(slackMessages()).allSatisfy(alert -> assertThat(alert.get("text").asText()).contains("Hard bounce")
                .doesNotContain("Ticket:"));
        for (long event : events) {
            await().atMost(Duration.ofSeconds(10)).until(() -> "DEAD".equals(deliveryStatuses(event).get("ticket-store")));
            assertThat(deliveryStatuses(event)).containsEntry("slack-alert", "DELIVERED");
            assertThat(count("SELECT attempts FROM deliveries WHERE event_id = ? AND sink = 'slack-alert'", event)).isEqualTo(1);
            assertThat(count("SELECT attempts FROM deliveries WHERE event_id = ? AND sink = 'ticket-store'", event))
                    .as("ticket-store's own retry policy").isEqualTo(2);
        }
        assertThat(slackMessages()).as("no alert sent twice").hasSize(3);
    }
}
