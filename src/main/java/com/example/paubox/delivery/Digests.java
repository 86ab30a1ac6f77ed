package com.example.paubox.delivery;

import com.example.paubox.inbox.Inbox;
import com.example.paubox.inbox.PauboxEvent;
import com.example.paubox.system.ReceiverMetrics;
import com.example.paubox.watch.WatchAlert;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Digests of alerts that come in bursts, per sink destination and kind of event (Sentry's digests,
 * Alertmanager's group_wait and group_interval): the first alert after a quiet period is sent at
 * once and opens a window of {@code paubox.alerts.digest.window}; the alerts that follow within it
 * are held ({@code HELD}, in the deliveries table: a kill loses none) and go out as one message
 * when it closes; a window that held one alert sends it as a normal alert; a burst that goes on
 * sends one digest per window, and the first window that stays empty ends it.
 *
 * <p>A digest is sent by one of its held deliveries, the carrier: when the window closes the
 * carrier is put back in line ({@code PENDING}), and the delivery mechanism sends it like any
 * other delivery, paced, retried with backoff (a 429's Retry-After honoured) and dead-lettered,
 * with the exchange property {@value #DIGEST} for the sink route to render. The other held alerts
 * ride on it: once it is delivered (or dead) they are marked the same, each row keeping the
 * digest's id. Replaying a dead one sends that alert on its own. The windows live in
 * {@code alert_digests}, whose unique open key keeps one open window per destination and kind
 * across instances, and closing a window is one conditional update: two instances send one digest.
 */
@Component("digests")
public class Digests {

    /** Exchange property: the {@link AlertDigest} this delivery carries. */
    public static final String DIGEST = "alertDigest";

    private static final Logger log = LoggerFactory.getLogger(Digests.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Deliveries deliveries;
    private final Sinks sinks;
    private final Inbox inbox;
    private final DigestProperties properties;
    private final ReceiverMetrics metrics;
    private final Clock clock;
    /** Open windows this process knows of, by open key: an alert joins one without a read. */
    private final Map<String, Window> open = new ConcurrentHashMap<>();

    private record Window(long id) {
    }

    public Digests(JdbcTemplate jdbc, TransactionTemplate transaction, Deliveries deliveries, Sinks sinks, Inbox inbox,
            DigestProperties properties, ReceiverMetrics metrics, Clock clock) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.deliveries = deliveries;
        this.sinks = sinks;
        this.inbox = inbox;
        this.properties = properties;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Whether the sink's alerts are digested. */
    public boolean applies(String sink) {
        return sinks.digests(sink, properties.enabled());
    }

    /**
     * Decides what the delivery just claimed does (called by the sink-delivery route): go now, on
     * its own or carrying its digest ({@value #DIGEST} set), or wait in the open window of its
     * destination and kind.
     *
     * @return true to send now; false when it was held for a digest
     */
    public boolean admit(Exchange exchange) {
        String sink = exchange.getProperty(Deliveries.SINK, String.class);
        exchange.removeProperty(DIGEST);
        // The receiver's alerts about itself come one per change of a condition: each goes at once.
        if (!applies(sink) || WatchAlert.EVENT_NAME.equals(kind(exchange))) {
            return true;
        }
        if (!deliveries.isFirstAttempt(exchange)) {
            // A first attempt's row is new; any other may be a digest's carrier.
            long eventId = exchange.getProperty(Inbox.EVENT_ID, Long.class);
            Map<String, Object> row = jdbc.queryForMap("SELECT id, digest_id, attempts FROM deliveries WHERE event_id = ? AND sink = ?",
                    eventId, sink);
            if (row.get("digest_id") != null) {
                // The carrier of a closed window sends its digest; any other held alert that
                // comes back (replayed after its digest died) goes on its own.
                carried(exchange, ((Number) row.get("digest_id")).longValue(), ((Number) row.get("id")).longValue());
                return true;
            }
            if (((Number) row.get("attempts")).intValue() > 1) {
                // A retry of an alert that went at once.
                return true;
            }
        }
        String kind = kind(exchange);
        String key = openKey(sink, kind);
        for (int tries = 0; tries < 3; tries++) {
            Window window = open.get(key);
            if (window == null) {
                window = readOpenWindow(key);
            }
            if (window == null) {
                OffsetDateTime now = OffsetDateTime.now(clock);
                try {
                    jdbc.update("""
                            INSERT INTO alert_digests (sink, event_name, status, open_key, opened_at, closes_at, created_at, updated_at)
                            VALUES (?, ?, 'OPEN', ?, ?, ?, ?, ?)""", sink, kind, key, now, now.plus(properties.window()), now, now);
                    // The first alert after a quiet period: sent at once.
                    return true;
                } catch (DuplicateKeyException raced) {
                    // Another thread or instance opened it just now: join it.
                    continue;
                }
            }
            // Held while the window is OPEN in the database, however late: its closing opens
            // the next one in the same transaction, so a burst that goes on never slips through.
            if (deliveries.hold(exchange, window.id())) {
                return false;
            }
            // Closed meanwhile (here or by another instance): look for the next one.
            open.remove(key, window);
        }
        return true;
    }

    /** The open window of this destination and kind in the database (remembered), or null. */
    private Window readOpenWindow(String key) {
        List<Window> found = jdbc.query("SELECT id FROM alert_digests WHERE open_key = ?", (rs, n) -> new Window(rs.getLong(1)), key);
        if (found.isEmpty()) {
            return null;
        }
        open.put(key, found.get(0));
        return found.get(0);
    }

    /**
     * Sets {@value #DIGEST} when this delivery is the carrier of a digest being sent that holds
     * more than itself. The alerts it holds are sealed first ({@code CARRIED}): exactly those are
     * in the message, and marked with its outcome; one that joined the window as it closed is
     * released to go on its own once the digest is settled ({@link #settle}).
     */
    private void carried(Exchange exchange, long digestId, long deliveryId) {
        List<Map<String, Object>> digest = jdbc.queryForList(
                "SELECT sink, event_name, status, carrier_id, opened_at, closes_at FROM alert_digests WHERE id = ?", digestId);
        if (digest.isEmpty() || !"SENDING".equals(digest.get(0).get("status"))
                || digest.get(0).get("carrier_id") == null || ((Number) digest.get(0).get("carrier_id")).longValue() != deliveryId) {
            return;
        }
        Map<String, Object> d = digest.get(0);
        jdbc.update("UPDATE deliveries SET status = 'CARRIED', updated_at = ? WHERE digest_id = ? AND status = 'HELD'",
                OffsetDateTime.now(clock), digestId);
        List<PauboxEvent> alerts = jdbc.query("""
                SELECT e.id, e.raw_body, e.received_at FROM deliveries d JOIN webhook_events e ON e.id = d.event_id
                WHERE d.digest_id = ? AND (d.status = 'CARRIED' OR d.id = ?) ORDER BY e.id""",
                (rs, n) -> inbox.parse(rs.getLong(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class)), digestId, deliveryId);
        if (alerts.size() > 1) {
            exchange.setProperty(DIGEST, new AlertDigest(digestId, (String) d.get("sink"), (String) d.get("event_name"),
                    time(d.get("opened_at")), time(d.get("closes_at")), alerts, List.of()));
        }
    }

    /**
     * Closes the windows that have ended (the alert-digests route, every poll): one without held
     * alerts ends its burst; one with held alerts puts its carrier in line to be sent, and opens
     * the next window, since the burst goes on.
     *
     * @return how many windows this instance closed
     */
    public int closeDue() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<Map<String, Object>> due = jdbc.queryForList("""
                SELECT id, sink, event_name, open_key FROM alert_digests WHERE status = 'OPEN' AND closes_at <= ?
                ORDER BY closes_at LIMIT 100""", now);
        int closed = 0;
        for (Map<String, Object> window : due) {
            long id = ((Number) window.get("id")).longValue();
            String key = (String) window.get("open_key");
            open.remove(key);
            Boolean done = transaction.execute(status -> close(id, (String) window.get("sink"), (String) window.get("event_name"), key, now));
            if (Boolean.TRUE.equals(done)) {
                closed++;
            }
        }
        return closed;
    }

    private boolean close(long id, String sink, String kind, String key, OffsetDateTime now) {
        // First the window's row: from here no alert joins it (a hold checks that it is OPEN, and
        // one in flight waits for this transaction), then its carrier.
        if (jdbc.update("UPDATE alert_digests SET status = 'SENDING', open_key = NULL, updated_at = ? WHERE id = ? AND status = 'OPEN'",
                now, id) != 1) {
            // Another instance closed it.
            return false;
        }
        Long carrier = jdbc.queryForObject("SELECT MIN(id) FROM deliveries WHERE digest_id = ? AND status = 'HELD'", Long.class, id);
        if (carrier == null) {
            jdbc.update("UPDATE alert_digests SET status = 'EMPTY', updated_at = ? WHERE id = ?", now, id);
            return true;
        }
        jdbc.update("UPDATE alert_digests SET carrier_id = ? WHERE id = ?", carrier, id);
        // The burst goes on: the next window opens now, in this transaction, so that no alert
        // finds none open in between.
        jdbc.update("""
                INSERT INTO alert_digests (sink, event_name, status, open_key, opened_at, closes_at, created_at, updated_at)
                SELECT CAST(? AS VARCHAR(100)), CAST(? AS VARCHAR(200)), 'OPEN', CAST(? AS VARCHAR(310)),
                    CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS TIMESTAMP WITH TIME ZONE),
                    CAST(? AS TIMESTAMP WITH TIME ZONE)
                WHERE NOT EXISTS (SELECT 1 FROM alert_digests WHERE open_key = ?)""",
                sink, kind, key, now, now.plus(properties.window()), now, now, key);
        jdbc.update("UPDATE deliveries SET status = 'PENDING', next_attempt_at = ?, updated_at = ? WHERE id = ? AND status = 'HELD'",
                now, now, carrier);
        Integer held = jdbc.queryForObject("SELECT COUNT(*) FROM deliveries WHERE digest_id = ? AND status IN ('HELD', 'PENDING')",
                Integer.class, id);
        log.info("Digest id={} sink={} kind={} outcome=closed alerts={}", id, sink, kind, held);
        return true;
    }

    /**
     * Settles the digests whose carrier is done (the alert-digests route, every poll): the alerts
     * it carried are marked delivered with it, or dead (each replayable on its own), or skipped.
     *
     * @return how many digests were settled
     */
    public int settle() {
        List<Map<String, Object>> done = jdbc.queryForList("""
                SELECT a.id, a.sink, a.event_name, d.status, d.last_error FROM alert_digests a JOIN deliveries d ON d.id = a.carrier_id
                WHERE a.status = 'SENDING' AND d.status IN ('DELIVERED', 'DEAD', 'SKIPPED')""");
        int settled = 0;
        for (Map<String, Object> digest : done) {
            long id = ((Number) digest.get("id")).longValue();
            String sink = (String) digest.get("sink");
            String carrier = (String) digest.get("status");
            OffsetDateTime now = OffsetDateTime.now(clock);
            List<Map<String, Object>> riders = jdbc.queryForList("""
                    SELECT d.event_id, e.received_at FROM deliveries d JOIN webhook_events e ON e.id = d.event_id
                    WHERE d.digest_id = ? AND d.status = 'CARRIED'""", id);
            String error = "DEAD".equals(carrier) ? truncate("digest " + id + " not delivered: " + digest.get("last_error")) : null;
            String outcome = switch (carrier) {
                case "DELIVERED" -> "SENT";
                case "DEAD" -> "DEAD";
                default -> "SKIPPED";
            };
            Boolean won = transaction.execute(status -> {
                if (jdbc.update("UPDATE alert_digests SET status = ?, alerts = ?, sent_at = ?, updated_at = ? WHERE id = ? AND status = 'SENDING'",
                        outcome, riders.size() + 1, "SENT".equals(outcome) ? now : null, now, id) != 1) {
                    return false;
                }
                jdbc.update("""
                        UPDATE deliveries SET status = ?, delivered_at = ?, last_error = ?, updated_at = ?
                        WHERE digest_id = ? AND status = 'CARRIED'""",
                        carrier, "DELIVERED".equals(carrier) ? now : null, error, now, id);
                return true;
            });
            if (!Boolean.TRUE.equals(won)) {
                continue;
            }
            settled++;
            String kind = (String) digest.get("event_name");
            for (Map<String, Object> rider : riders) {
                Object eventId = rider.get("event_id");
                String result = carrier.toLowerCase();
                metrics.delivery(sink, result);
                if ("DELIVERED".equals(carrier)) {
                    metrics.delivered(sink, Duration.between(time(rider.get("received_at")), now));
                    log.info("Delivery event={} kind={} sink={} outcome=delivered digest={}", eventId, kind, sink, id);
                } else {
                    log.warn("Delivery event={} kind={} sink={} outcome={} digest={}", eventId, kind, sink, result, id);
                }
            }
            log.info("Digest id={} sink={} kind={} outcome={} alerts={}", id, sink, kind, outcome.toLowerCase(), riders.size() + 1);
        }
        releaseLateJoiners();
        return settled;
    }

    /**
     * An alert whose hold raced its window's closing (its statement began while the window was
     * OPEN and committed after) is in no message: it goes on its own, or into the window open
     * now, once its window is over. Looks only at windows over in the last minute (such a hold commits milliseconds after the closing).
     */
    private void releaseLateJoiners() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        // The few windows over lately first, then their held rows by the digest index: never a
        // scan of every held alert (tens of thousands in a burst) at each round.
        List<Long> over = jdbc.queryForList("""
                SELECT id FROM alert_digests WHERE status IN ('EMPTY', 'SENT', 'DEAD', 'SKIPPED') AND updated_at > ?""",
                Long.class, now.minusMinutes(1));
        int late = 0;
        for (Long id : over) {
            late += jdbc.update("""
                    UPDATE deliveries SET status = 'PENDING', digest_id = NULL, next_attempt_at = ?, updated_at = ?
                    WHERE digest_id = ? AND status = 'HELD'""", now, now, id);
        }
        if (late > 0) {
            log.info("Digests: {} alert(s) that joined a window as it closed go on their own", late);
        }
    }

    private static String openKey(String sink, String kind) {
        return sink + " " + kind;
    }

    private static String kind(Exchange exchange) {
        PauboxEvent event = exchange.getProperty(Inbox.EVENT, PauboxEvent.class);
        return event != null ? event.eventName() : exchange.getMessage().getHeader("eventName", String.class);
    }

    private static OffsetDateTime time(Object value) {
        if (value instanceof OffsetDateTime time) {
            return time;
        }
        if (value instanceof java.sql.Timestamp stamp) {
            return stamp.toInstant().atOffset(java.time.ZoneOffset.UTC);
        }
        if (value instanceof java.time.Instant instant) {
            return instant.atOffset(java.time.ZoneOffset.UTC);
        }
        throw new IllegalStateException("not a time: " + value);
    }

    private static String truncate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500);
    }
}
