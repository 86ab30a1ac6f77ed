package com.example.paubox.delivery;

import com.example.paubox.inbox.Inbox;
import java.time.Clock;
import java.time.OffsetDateTime;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code deliveries} table: one row per (event, sink) saying what that sink got. Each sink
 * route asks {@link #begin} first, so that a sink that already has an event is not given it again
 * and a disabled sink is recorded as skipped.
 */
@Component("deliveries")
public class Deliveries {

    /** Exchange property: the sink the exchange is being delivered to. */
    public static final String SINK = "sink";

    private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

    private final JdbcTemplate jdbc;
    private final Sinks sinks;
    private final Clock clock;

    public Deliveries(JdbcTemplate jdbc, Sinks sinks, Clock clock) {
        this.jdbc = jdbc;
        this.sinks = sinks;
        this.clock = clock;
    }

    /**
     * Records an attempt to deliver the exchange's event to {@code sink}.
     *
     * @return true when the sink route should go on and deliver; false when the sink is disabled
     *     (recorded as skipped) or already has the event
     */
    public boolean begin(Exchange exchange, String sink) {
        long eventId = eventId(exchange);
        exchange.setProperty(SINK, sink);
        String status = statusOf(eventId, sink);
        if (DeliveryStatus.DELIVERED.name().equals(status) || DeliveryStatus.SKIPPED.name().equals(status)) {
            log.info("Delivery event={} sink={} outcome=already-{}", eventId, sink, status.toLowerCase());
            return false;
        }
        DeliveryStatus next = sinks.isEnabled(sink) ? DeliveryStatus.PENDING : DeliveryStatus.SKIPPED;
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (status == null) {
            try {
                jdbc.update("INSERT INTO deliveries (event_id, sink, status, attempts, last_error, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                        eventId, sink, next.name(), next == DeliveryStatus.PENDING ? 1 : 0,
                        next == DeliveryStatus.SKIPPED ? "sink disabled" : null, now, now);
            } catch (DuplicateKeyException concurrent) {
                log.info("Delivery event={} sink={} outcome=claimed-elsewhere", eventId, sink);
                return false;
            }
        } else {
            jdbc.update("UPDATE deliveries SET status = ?, attempts = attempts + 1, updated_at = ? WHERE event_id = ? AND sink = ?",
                    next.name(), now, eventId, sink);
        }
        if (next == DeliveryStatus.SKIPPED) {
            log.info("Delivery event={} sink={} outcome=skipped reason=sink-disabled", eventId, sink);
            return false;
        }
        return true;
    }

    /** Marks the current sink's delivery done. */
    public void delivered(Exchange exchange) {
        finish(exchange, DeliveryStatus.DELIVERED, null);
    }

    /** Marks the current sink's delivery failed, keeping the kind of error but not its message (PHI). */
    public void failed(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String error = cause == null ? "unknown" : cause.getClass().getName();
        finish(exchange, DeliveryStatus.FAILED, error);
    }

    private void finish(Exchange exchange, DeliveryStatus status, String error) {
        long eventId = eventId(exchange);
        String sink = exchange.getProperty(SINK, String.class);
        jdbc.update("UPDATE deliveries SET status = ?, last_error = ?, updated_at = ? WHERE event_id = ? AND sink = ?",
                status.name(), error, OffsetDateTime.now(clock), eventId, sink);
        if (error == null) {
            log.info("Delivery event={} sink={} outcome={}", eventId, sink, status.name().toLowerCase());
        } else {
            log.warn("Delivery event={} sink={} outcome={} error={}", eventId, sink, status.name().toLowerCase(), error);
        }
    }

    private String statusOf(long eventId, String sink) {
        return jdbc.query("SELECT status FROM deliveries WHERE event_id = ? AND sink = ?",
                rs -> rs.next() ? rs.getString(1) : null, eventId, sink);
    }

    private static long eventId(Exchange exchange) {
        Long id = exchange.getProperty(Inbox.EVENT_ID, Long.class);
        if (id == null) {
            throw new IllegalStateException("no " + Inbox.EVENT_ID + " property: sink routes are called by the dispatcher");
        }
        return id;
    }
}
