package com.example.paubox.delivery;

import com.example.paubox.inbox.Inbox;
import com.example.paubox.inbox.PauboxEvent;
import com.example.paubox.notify.SlackPacer;
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
 * back from the inbox as the body, and the {@code sink} property naming the route to call. A row
 * whose sink route no longer exists becomes a dead letter instead.
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
        if (camel.getRoute(sink) == null) {
            jdbc.update("UPDATE deliveries SET status = 'DEAD', last_error = 'no such sink route', updated_at = ? "
                    + "WHERE event_id = ? AND sink = ? AND status <> 'DELIVERED'", OffsetDateTime.now(clock), eventId, sink);
            log.warn("Delivery event={} sink={} outcome=dead error=no-such-sink-route", eventId, sink);
            exchange.removeProperty(Deliveries.SINK);
            return;
        }
        PauboxEvent event = inbox.load(eventId);
        exchange.getMessage().setBody(event);
        exchange.setProperty(Inbox.EVENT, null);
        exchange.setProperty(Deliveries.SINK, sink);
        exchange.setProperty(SlackPacer.SCHEDULED, true);
    }
}
