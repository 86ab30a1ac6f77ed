package com.example.paubox.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.paubox.support.ReceiverITSupport;
import com.example.paubox.support.TestPeers;
import com.example.paubox.support.Webhooks;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.h2.api.Trigger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The database refuses to record a delivery as done, after the sink already has it: the sink is
 * not given the event again, and the success is recorded once the database takes writes again.
 */
class RecordingSuccessIT extends ReceiverITSupport {

    /** An H2 trigger refusing, while switched on, every write that marks a delivery DELIVERED. */
    public static class RefuseDelivered implements Trigger {

        static volatile boolean refusing;

        @Override
        public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
            if (refusing && newRow != null && "DELIVERED".equals(newRow[3])) {
                throw new SQLException("database refused the write (test)", "08006");
            }
        }
    }

    @DynamicPropertySource
    static void shortLease(DynamicPropertyRegistry registry) {
        registry.add("paubox.delivery.lease", () -> "3s");
    }

    @BeforeEach
    void refuseDeliveredRecords() {
        jdbc.execute("CREATE TRIGGER IF NOT EXISTS refuse_delivered BEFORE UPDATE ON deliveries FOR EACH ROW CALL '"
                + RefuseDelivered.class.getName() + "'");
    }

    @AfterEach
    void acceptAgain() {
        RefuseDelivered.refusing = false;
    }

    @Test
    void failureToRecordSuccessDoesNotSendAgain() throws InterruptedException {
        // A first alert, so that the receiver's first HTTP call to Slack (slow) does not outlast the short lease.
        long warmUp = eventId(webhooks.post(Webhooks.event("api_mail_log_temporary_failure", Webhooks.nextId(), "warm@patient.example.net")).body());
        await().atMost(Duration.ofSeconds(15)).until(() -> "DELIVERED".equals(deliveryStatuses(warmUp).get("slack-alert")));
        TestPeers.slack().resetRequests();
        RefuseDelivered.refusing = true;

        long eventId = eventId(webhooks.post(Webhooks.event("api_mail_log_temporary_failure", Webhooks.nextId(),
                "unrecorded@patient.example.net")).body());

        await().atMost(Duration.ofSeconds(10)).until(() -> slackRequests() >= 1);
        Thread.sleep(1500); // several rounds of the retry route (every 200 ms here)
        assertThat(slackRequests()).as("Slack has the alert; it is not sent again").isEqualTo(1);
        assertThat(deliveryStatuses(eventId).get("slack-alert")).as("not a sink failure").isEqualTo("DELIVERING");

        RefuseDelivered.refusing = false;
        // Once its lease (3 s) has expired the retry route takes the row up again: recorded, not resent.
        await().atMost(Duration.ofSeconds(15)).until(() -> "DELIVERED".equals(deliveryStatuses(eventId).get("slack-alert")));
        Thread.sleep(1000);
        assertThat(slackRequests()).isEqualTo(1);
    }

    private static int slackRequests() {
        return TestPeers.slack().findAll(postRequestedFor(urlEqualTo(TestPeers.SLACK_PATH))).size();
    }
}
