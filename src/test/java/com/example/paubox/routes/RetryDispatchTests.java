package com.example.paubox.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.paubox.delivery.Deliveries;
import com.example.paubox.delivery.RetryDispatch;
import com.example.paubox.inbox.Inbox;
import com.example.paubox.support.RouteTestSupport;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What the {@code delivery-retry} route is handed ({@link Deliveries#due}) and what it does with a
 * row whose sink route this instance lacks ({@link RetryDispatch#prepare}), against the real
 * deliveries table (H2). The route itself is stopped, so that only the test takes rows.
 */
class RetryDispatchTests extends RouteTestSupport {

    @Autowired
    Deliveries deliveries;
    @Autowired
    RetryDispatch retryDispatch;

    private long eventId;

    @Override
    protected void advise() {
        // The real routes.
    }

    @BeforeEach
    void onlyThisTestTakesRows() throws Exception {
        camel.getRouteController().stopRoute("delivery-retry");
        jdbc.update("DELETE FROM deliveries");
        eventId = events.stored("api_mail_log_temporary_failure", "retry@patient.example.net").getProperty(Inbox.EVENT_ID, Long.class);
    }

    @Test
    void missingSinkRouteKillsOnlyRowsThatAreDueHere() {
        OffsetDateTime now = OffsetDateTime.now();
        row("route-on-another-instance", "DELIVERING", null, "other-instance", now.plusMinutes(1));
        row("route-gone-everywhere", "FAILED", now.minusSeconds(1), null, null);

        prepare("route-on-another-instance");
        prepare("route-gone-everywhere");

        assertThat(status("route-on-another-instance")).as("being sent elsewhere under a live claim").isEqualTo("DELIVERING");
        assertThat(status("route-gone-everywhere")).isEqualTo("DEAD");
    }

    @Test
    void expiredClaimsComeBeforeLaterRetries() {
        OffsetDateTime now = OffsetDateTime.now();
        row("slack-alert", "FAILED", now.minusSeconds(5), null, null);
        row("email-notify", "DELIVERING", null, "dead-instance", now.minusMinutes(10));

        List<Map<String, Object>> due = deliveries.due(1);

        assertThat(due).singleElement().satisfies(first -> assertThat(first.get("sink")).isEqualTo("email-notify"));
    }

    private void row(String sink, String status, OffsetDateTime nextAttempt, String claimedBy, OffsetDateTime leaseEnd) {
        OffsetDateTime now = OffsetDateTime.now();
        jdbc.update("""
                INSERT INTO deliveries (event_id, sink, status, attempts, next_attempt_at, claimed_by, lease_expires_at, created_at, updated_at)
                VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?)""", eventId, sink, status, nextAttempt, claimedBy, leaseEnd, now, now);
    }

    private void prepare(String sink) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(Map.of("event_id", eventId, "sink", sink));
        retryDispatch.prepare(exchange);
        assertThat(exchange.getProperty(Deliveries.SINK)).as("no route to call").isNull();
    }

    private String status(String sink) {
        return jdbc.queryForObject("SELECT status FROM deliveries WHERE event_id = ? AND sink = ?", String.class, eventId, sink);
    }
}
