package com.example.paubox;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.paubox.support.ReceiverITSupport;
import com.example.paubox.support.Webhooks;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The default routing table, driven over real HTTP and checked at the real sinks: the JSON that
 * Slack's endpoint received, the mail the SMTP relay received, the rows in the tables. Run once
 * per database by the subclasses.
 */
abstract class EndToEndScenarios extends ReceiverITSupport {

    private static final String HARD_BOUNCE = "api_mail_log_permanent_failure";
    private static final String SOFT_BOUNCE = "api_mail_log_temporary_failure";
    private static final String OPENED = "api_mail_log_opened";
    private static final String DELIVERED = "api_mail_log_delivered";

    @Test
    void hardBounceOpensTicketAndAlertsSlack() throws Exception {
        long paubox = Webhooks.nextId();
        HttpResponse<String> response = webhooks.post(Webhooks.event(HARD_BOUNCE, paubox, "john.doe@patient.example.net"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("status").asText()).isEqualTo("accepted");
        long eventId = answer.get("eventId").asLong();
        awaitDispatched(eventId);

        Map<String, Object> ticket = jdbc.queryForMap("SELECT * FROM tickets");
        assertThat(ticket).containsEntry("recipient", "john.doe@patient.example.net")
                .containsEntry("sender", Webhooks.SENDER)
                .containsEntry("paubox_message_id", Long.toString(paubox))
                .containsEntry("event_name", HARD_BOUNCE)
                .containsEntry("status", "OPEN")
                .containsEntry("occurrences", 1);

        List<JsonNode> slack = slackMessages();
        assertThat(slack).hasSize(1);
        String text = slack.get(0).get("text").asText();
        assertThat(text).contains("Hard bounce", Long.toString(paubox), "j***@patient.example.net",
                "sender.example.com", "Ticket: #" + ticket.get("id"), "2026-11-27T20:27:25.379Z");
        assertThat(text).doesNotContain("john.doe", Webhooks.SUBJECT, "clinic@");
        assertThat(deliveryStatuses(eventId)).isEqualTo(Map.of("slack-alert", "DELIVERED", "ticket-store", "DELIVERED"));
    }

    @Test
    void repeatHardBounceToSameRecipientCountsOnOneTicket() {
        long first = eventId(webhooks.post(Webhooks.event(HARD_BOUNCE, Webhooks.nextId(), "Repeat@Patient.example.net")).body());
        awaitDispatched(first);
        long second = eventId(webhooks.post(Webhooks.event(HARD_BOUNCE, Webhooks.nextId(), "repeat@patient.example.net")).body());
        awaitDispatched(second);
        long other = eventId(webhooks.post(Webhooks.event(HARD_BOUNCE, Webhooks.nextId(), "other@patient.example.net")).body());
        awaitDispatched(other);

        List<Map<String, Object>> tickets = jdbc.queryForList(
                "SELECT recipient, status, occurrences FROM tickets ORDER BY recipient");
        assertThat(tickets).containsExactly(
                Map.of("recipient", "other@patient.example.net", "status", "OPEN", "occurrences", 1),
                Map.of("recipient", "repeat@patient.example.net", "status", "OPEN", "occurrences", 2));
        assertThat(count("SELECT COUNT(*) FROM tickets WHERE last_seen_at >= first_seen_at")).isEqualTo(2);
        assertThat(slackMessages()).hasSize(3);
    }

    @Test
    void softBounceAlertsSlackOnly() {
        long paubox = Webhooks.nextId();
        long eventId = eventId(webhooks.post(Webhooks.event(SOFT_BOUNCE, paubox, "mary@patient.example.net")).body());
        awaitDispatched(eventId);

        List<JsonNode> slack = slackMessages();
        assertThat(slack).hasSize(1);
        assertThat(slack.get(0).get("text").asText())
                .contains("Soft bounce", Long.toString(paubox), "m***@patient.example.net")
                .doesNotContain("mary@", Webhooks.SUBJECT);
        assertThat(count("SELECT COUNT(*) FROM tickets")).isZero();
        assertThat(emails()).isEmpty();
        assertThat(deliveryStatuses(eventId)).isEqualTo(Map.of("slack-alert", "DELIVERED"));
    }

    @Test
    void openedMessageEmailsTheNotifyAddress() throws Exception {
        long paubox = Webhooks.nextId();
        long eventId = eventId(webhooks.post(Webhooks.event(OPENED, paubox, "reader@patient.example.net")).body());
        awaitDispatched(eventId);

        MimeMessage[] mails = emails();
        assertThat(mails).hasSize(1);
        MimeMessage mail = mails[0];
        assertThat(mail.getAllRecipients()).extracting(a -> ((InternetAddress) a).getAddress())
                .containsExactly("oncall@care.example.org");
        assertThat(((InternetAddress) mail.getFrom()[0]).getAddress()).isEqualTo("receiver@sender.example.com");
        assertThat(mail.getSubject()).contains("Opened", Long.toString(paubox)).doesNotContain(Webhooks.SUBJECT);
        String body = mail.getContent().toString();
        assertThat(body).contains("r***@patient.example.net", Long.toString(paubox), "sender.example.com")
                .doesNotContain("reader@", Webhooks.SUBJECT);
        // No event field travels as a mail header.
        assertThat(mail.getHeader("recipient")).isNull();
        assertThat(mail.getHeader("eventName")).isNull();
        assertThat(slackMessages()).isEmpty();
        assertThat(deliveryStatuses(eventId)).isEqualTo(Map.of("email-notify", "DELIVERED"));
    }

    @Test
    void deliveredMessageResolvesTheRecipientsOpenTicket() {
        String recipient = "healed@patient.example.net";
        awaitDispatched(eventId(webhooks.post(Webhooks.event(HARD_BOUNCE, Webhooks.nextId(), recipient)).body()));
        long delivered = eventId(webhooks.post(Webhooks.event(DELIVERED, Webhooks.nextId(), recipient)).body());
        awaitDispatched(delivered);

        assertThat(jdbc.queryForList("SELECT status, occurrences FROM tickets WHERE recipient = ?", recipient))
                .containsExactly(Map.of("status", "RESOLVED", "occurrences", 1));
        assertThat(deliveryStatuses(delivered)).isEqualTo(Map.of("ticket-resolve", "DELIVERED"));

        // A new hard bounce after the fix opens a new ticket rather than reopening the old one.
        awaitDispatched(eventId(webhooks.post(Webhooks.event(HARD_BOUNCE, Webhooks.nextId(), recipient)).body()));
        assertThat(jdbc.queryForList("SELECT status FROM tickets WHERE recipient = ? ORDER BY id", String.class, recipient))
                .containsExactly("RESOLVED", "OPEN");
    }

    @Test
    void deliveredMessageWithoutTicketIsRecordedOnly() {
        long eventId = eventId(webhooks.post(Webhooks.event(DELIVERED, Webhooks.nextId(), "fine@patient.example.net")).body());
        awaitDispatched(eventId);

        assertThat(jdbc.queryForObject("SELECT status FROM webhook_events WHERE id = ?", String.class, eventId))
                .isEqualTo("DISPATCHED");
        assertThat(count("SELECT COUNT(*) FROM tickets")).isZero();
        assertThat(slackMessages()).isEmpty();
        assertThat(emails()).isEmpty();
    }

    @Test
    void unknownEventIsStoredAsUnrouted() throws Exception {
        String body = "{\"event_name\":\"api_mail_log_clicked\",\"payload\":{\"id\":" + Webhooks.nextId() + "}}";
        HttpResponse<String> response = webhooks.post(body);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("status").asText()).isEqualTo("accepted");
        long eventId = eventId(response.body());
        awaitDispatched(eventId);

        Map<String, Object> row = jdbc.queryForMap("SELECT event_name, status, raw_body FROM webhook_events WHERE id = ?", eventId);
        assertThat(row).containsEntry("event_name", "api_mail_log_clicked").containsEntry("status", "UNROUTED")
                .containsEntry("raw_body", body);
        assertThat(deliveryStatuses(eventId)).isEmpty();
        assertThat(slackMessages()).isEmpty();
        assertThat(emails()).isEmpty();
    }

    @Test
    void sameEventFiveTimesGivesOneTicketAndOneSlackMessage() throws Exception {
        String event = Webhooks.event(HARD_BOUNCE, Webhooks.nextId(), "twice@patient.example.net");
        HttpResponse<String> first = webhooks.post(event);
        long eventId = eventId(first.body());
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> again = webhooks.post(event);
            assertThat(again.statusCode()).isEqualTo(200);
            JsonNode answer = JSON.readTree(again.body());
            assertThat(answer.get("status").asText()).isEqualTo("duplicate");
            assertThat(answer.get("eventId").asLong()).isEqualTo(eventId);
        }
        awaitDispatched(eventId);

        assertThat(count("SELECT COUNT(*) FROM webhook_events")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM tickets")).isEqualTo(1);
        assertThat(count("SELECT occurrences FROM tickets")).isEqualTo(1);
        assertThat(slackMessages()).hasSize(1);
    }
}
