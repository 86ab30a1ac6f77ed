package com.example.paubox.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.paubox.support.ReceiverTest;
import com.example.paubox.support.ScriptedSmtpServer;
import com.example.paubox.support.Webhooks;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The email sink against a relay that defers or refuses the recipient: an SMTP 4xx is retried
 * with backoff until the relay takes the mail, once; an SMTP 5xx is a dead letter at once, never
 * tried again. Checked at the relay (what it was asked, what it accepted) and in {@code deliveries}.
 */
@ReceiverTest
@ExtendWith(OutputCaptureExtension.class)
class EmailFailuresIT {

    private static final ScriptedSmtpServer RELAY = new ScriptedSmtpServer();

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    Webhooks webhooks;

    // Not ReceiverITSupport: its relay (GreenMail) would win over this one.
    @DynamicPropertySource
    static void scriptedRelay(DynamicPropertyRegistry registry) {
        registry.add("paubox.email.host", () -> "127.0.0.1");
        registry.add("paubox.email.port", RELAY::port);
    }

    @BeforeEach
    void freshState() {
        webhooks = new Webhooks(port);
        jdbc.update("DELETE FROM deliveries");
        jdbc.update("DELETE FROM webhook_events");
        RELAY.answerRecipientsWith("250 2.1.5 OK");
    }

    @Test
    void relayDeferringTheRecipientIsRetriedUntilItTakesTheMailOnce() {
        RELAY.answerRecipientsWith("451 4.3.0 mailbox busy, try later");
        int acceptedBefore = RELAY.messagesAccepted();
        long eventId = eventId(webhooks.post(Webhooks.event("api_mail_log_opened", Webhooks.nextId(), "defer@patient.example.net")).body());

        await().atMost(Duration.ofSeconds(10)).until(() -> attempts(eventId) >= 2 && "FAILED".equals(delivery(eventId).get("status")));
        assertThat(delivery(eventId)).containsEntry("last_error", "SMTP 451");
        assertThat(RELAY.messagesAccepted()).isEqualTo(acceptedBefore);

        RELAY.answerRecipientsWith("250 2.1.5 OK");
        await().atMost(Duration.ofSeconds(10)).until(() -> "DELIVERED".equals(delivery(eventId).get("status")));
        assertThat(RELAY.messagesAccepted() - acceptedBefore).as("mails the relay took").isEqualTo(1);
    }

    @Test
    void relayRefusingTheRecipientMakesADeadLetterAtOnce(CapturedOutput log) throws Exception {
        RELAY.answerRecipientsWith("550 5.1.1 no such mailbox");
        int askedBefore = RELAY.recipientsAsked();
        long eventId = eventId(webhooks.post(Webhooks.event("api_mail_log_opened", Webhooks.nextId(), "gone@patient.example.net")).body());

        await().atMost(Duration.ofSeconds(10)).until(() -> "DEAD".equals(delivery(eventId).get("status")));
        Thread.sleep(1500); // longer than the test's longest backoff: a retry would have happened
        assertThat(delivery(eventId)).containsEntry("status", "DEAD").containsEntry("last_error", "SMTP 550").containsEntry("attempts", 1);
        assertThat(RELAY.recipientsAsked() - askedBefore).as("times the relay was asked").isEqualTo(1);
        assertThat(log.getOut()).containsPattern("Delivery event=" + eventId
                + " kind=api_mail_log_opened sink=email-notify outcome=dead attempt=1 took=\\d+ms error=SMTP 550");
    }

    private static long eventId(String answer) {
        return Long.parseLong(answer.replaceAll(".*\"eventId\":(\\d+).*", "$1"));
    }

    private Map<String, Object> delivery(long eventId) {
        return jdbc.queryForMap("SELECT status, last_error, attempts FROM deliveries WHERE event_id = ? AND sink = 'email-notify'", eventId);
    }

    private int attempts(long eventId) {
        return jdbc.queryForList("SELECT attempts FROM deliveries WHERE event_id = ? AND sink = 'email-notify'", Integer.class, eventId)
                .stream().findFirst().orElse(0);
    }
}
