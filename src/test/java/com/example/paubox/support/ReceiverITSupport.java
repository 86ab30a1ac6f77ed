package com.example.paubox.support;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the end-to-end tests: a whole receiver whose Slack and SMTP sinks point at the
 * {@link TestPeers}, an HTTP client for its endpoint, and the checks at each real boundary.
 */
@ReceiverTest
public abstract class ReceiverITSupport {

    protected static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    protected Webhooks webhooks;

    @DynamicPropertySource
    static void peers(DynamicPropertyRegistry registry) {
        registry.add("paubox.slack.webhook-url", TestPeers::slackWebhookUrl);
        registry.add("paubox.email.host", () -> "127.0.0.1");
        registry.add("paubox.email.port", TestPeers::smtpPort);
    }

    @BeforeEach
    protected void freshReceiverState() {
        webhooks = new Webhooks(port);
        forgetAllWork();
        TestPeers.resetSlack();
        TestPeers.resetSmtp();
    }

    /**
     * Leaves nothing for this receiver's background rounds (retries, deferred alerts, the sweeper)
     * to send after the test: its context stays cached and running while other tests count what
     * the shared peers receive.
     */
    @AfterEach
    protected void leaveNoWorkBehind() {
        forgetAllWork();
    }

    private void forgetAllWork() {
        jdbc.update("DELETE FROM delivery_attempts");
        jdbc.update("DELETE FROM deliveries");
        jdbc.update("DELETE FROM alert_digests");
        jdbc.update("DELETE FROM tickets");
        jdbc.update("DELETE FROM webhook_events");
        jdbc.update("DELETE FROM watch_conditions");
        jdbc.update("DELETE FROM reconcile_messages");
        jdbc.update("DELETE FROM reconcile_windows");
    }

    /** The JSON bodies Slack's webhook endpoint has received, oldest first. */
    protected static List<JsonNode> slackMessages() {
        return TestPeers.slack().findAll(postRequestedFor(urlEqualTo(TestPeers.SLACK_PATH))).stream()
                .map(request -> {
                    try {
                        return JSON.readTree(request.getBodyAsString());
                    } catch (Exception e) {
                        throw new AssertionError("Slack got a body that is not JSON", e);
                    }
                })
                .toList();
    }

    protected static MimeMessage[] emails() {
        return TestPeers.smtp().getReceivedMessages();
    }

    /** Waits until the event has been through the router: every sink it went to has a final state. */
    protected void awaitDispatched(long eventId) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            String status = jdbc.queryForObject("SELECT status FROM webhook_events WHERE id = ?", String.class, eventId);
            Integer open = jdbc.queryForObject(
                    "SELECT COUNT(*) FROM deliveries WHERE event_id = ? AND status IN ('PENDING', 'DELIVERING')", Integer.class, eventId);
            return !"RECEIVED".equals(status) && !"ROUTING".equals(status) && open == 0;
        });
    }

    protected Map<String, String> deliveryStatuses(long eventId) {
        Map<String, String> statuses = new java.util.TreeMap<>();
        jdbc.query("SELECT sink, status FROM deliveries WHERE event_id = ?",
                rs -> {
                    statuses.put(rs.getString(1), rs.getString(2));
                },
                eventId);
        return statuses;
    }

    protected int count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Integer.class, args);
    }

    protected static long eventId(String responseBody) {
        try {
            return JSON.readTree(responseBody).get("eventId").asLong();
        } catch (Exception e) {
            throw new AssertionError("not an intake answer: " + responseBody, e);
        }
    }
}
