package com.example.paubox.delivery;

import com.example.paubox.inbox.Inbox;
import com.example.paubox.inbox.PauboxEvent;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Readies one due delivery (a row from {@link Deliveries#due}) for its sink route: the event read
 * back from the inbox as the body, and the {@code sink} property naming the sink to deliver to. A
 * row whose sink no route reads any more becomes a dead letter instead.
 */
@Component("retryDispatch")
public class RetryDispatch {

    private static final Logger log = LoggerFactory.getLogger(RetryDispatch.class);

    private final Inbox inbox;
    private final CamelContext camel;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    public RetryDispatch(Inbox inbox, CamelContext camel, JdbcTemplate jdbc, Clock clock) {
        this.inbox = inbox;
        this.camel = camel;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Sets the body and the {@code sink} property; leaves {@code sink} unset when the row's sink
     * route is gone (the row is then dead).
     */
    public void prepare(Exchange exchange) {
        Map<?, ?> row = exchange.getMessage().getBody(Map.class);
        long eventId = ((Number) row.get("event_id")).longValue();
        String sink = (String) row.get("sink");
        if (!hasRoute(sink)) {
            // Only a row that is due here: not one that another instance (which has the route)
            // is delivering under a live claim, nor a final one.
            OffsetDateTime now = OffsetDateTime.now(clock);
            jdbc.update("UPDATE deliveries SET status = 'DEAD', last_error = 'no such sink route', claimed_by = NULL, "
                    + "lease_expires_at = NULL, next_attempt_at = NULL, updated_at = ? WHERE event_id = ? AND sink = ? "
                    + "AND (status IN ('PENDING', 'FAILED') OR (status = 'DELIVERING' AND lease_expires_at < ?))",
                    now, eventId, sink, now);
            log.warn("Delivery event={} sink={} outcome=dead error=no-such-sink-route", eventId, sink);
            exchange.removeProperty(Deliveries.SINK);
            return;
        }
        PauboxEvent event = inbox.load(eventId);
        exchange.getMessage().setBody(event);
        exchange.setProperty(Inbox.EVENT, null);
        exchange.setProperty(Deliveries.SINK, sink);
    }

    /** Whether a route reads from {@code direct:<sink route>}. */
    private boolean hasRoute(String sink) {
        String uri = "direct://" + Sinks.route(sink);
        return camel.getRoutes().stream().anyMatch(route -> uri.equals(route.getEndpoint().getEndpointUri()));
    }
}
