package com.example.paubox.delivery;

import com.example.paubox.delivery.FailureClassifier.Failure;
import com.example.paubox.inbox.Inbox;
import com.example.paubox.inbox.PauboxEvent;
import com.example.paubox.system.ReceiverMetrics;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code deliveries} table: one row per (event, sink route) saying what that sink got.
 *
 * <p>Each sink route asks {@link #begin} first. It claims the delivery for this instance with a
 * lease, by creating its row claimed or, when there is a row already, by one conditional update,
 * so that of several threads or instances offering the same event to the same sink exactly one
 * goes on; a sink that already has the event, or whose retry
 * is not yet due, is not given it. {@link #delivered} and {@link #failed} end the claim; a failed
 * delivery is retried with exponential backoff and jitter by the {@code delivery-retry} route, or
 * becomes a dead letter when the failure is permanent or the attempts run out. A claim whose
 * process died expires with its lease and the delivery is taken up again.
 */
@Component("deliveries")
public class Deliveries {

    /** Exchange property: the sink (route id) the exchange is being delivered to. */
    public static final String SINK = "sink";
    /** Exchange property: the attempt {@link #begin} claimed, when it is known without a read (the first). */
    private static final String ATTEMPT = "deliveryAttempt";
    /** Exchange property: {@link System#nanoTime()} when this attempt's claim was taken, for the failure log lines. */
    private static final String ATTEMPT_STARTED = "deliveryAttemptStarted";

    private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

    private static final String CLAIM = """
            UPDATE deliveries SET status = 'DELIVERING', attempts = attempts + 1, claimed_by = ?, lease_expires_at = ?, updated_at = ?
            WHERE event_id = ? AND sink = ?
              AND ((status IN ('PENDING', 'FAILED') AND (next_attempt_at IS NULL OR next_attempt_at <= ?))
                   OR (status = 'DELIVERING' AND lease_expires_at < ?))""";
    /** Creates the delivery row unless there is one: 1 row, or 0 when the event has met the sink before. */
    private static final String INSERT = """
            INSERT INTO deliveries (event_id, sink, status, attempts, claimed_by, lease_expires_at, last_error, created_at, updated_at)
            SELECT CAST(? AS BIGINT), CAST(? AS VARCHAR(100)), CAST(? AS VARCHAR(20)), CAST(? AS INTEGER), CAST(? AS VARCHAR(100)),
                CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS VARCHAR(500)), CAST(? AS TIMESTAMP WITH TIME ZONE),
                CAST(? AS TIMESTAMP WITH TIME ZONE)
            WHERE NOT EXISTS (SELECT 1 FROM deliveries WHERE event_id = ? AND sink = ?)""";
    private static final String DUE = """
            SELECT event_id, sink FROM deliveries
            WHERE (status IN ('PENDING', 'FAILED') AND next_attempt_at <= ?) OR (status = 'DELIVERING' AND lease_expires_at < ?)
            ORDER BY COALESCE(next_attempt_at, lease_expires_at) LIMIT %d""";

    private final JdbcTemplate jdbc;
    /** Claims and outcomes are written with other threads' in shared commits. */
    private final BookkeepingWriter writes;
    private final Sinks sinks;
    private final FailureClassifier classifier;
    private final DeliveryProperties properties;
    private final ReceiverMetrics metrics;
    private final Clock clock;
    private final String instance;
    /** Deliveries this process has claimed and is sending now. */
    private final Set<Key> inFlight = ConcurrentHashMap.newKeySet();
    /**
     * Deliveries the sink has, whose success this process could not record (the database failed
     * after the send): their rows stay claimed, and are recorded, not sent again, when the claim
     * comes back to this process.
     */
    private final Set<Key> unrecorded = ConcurrentHashMap.newKeySet();

    private record Key(long eventId, String sink) {
    }

    public Deliveries(JdbcTemplate jdbc, BookkeepingWriter writes, Sinks sinks, FailureClassifier classifier, DeliveryProperties properties,
            ClaimOwner owner, ReceiverMetrics metrics, Clock clock) {
        this.jdbc = jdbc;
        this.writes = writes;
        this.metrics = metrics;
        this.sinks = sinks;
        this.classifier = classifier;
        this.properties = properties;
        this.clock = clock;
        this.instance = owner.id();
    }

    /**
     * Claims the delivery of the exchange's event to the sink route it is in.
     *
     * @return true when the sink route should deliver now; false when the sink is disabled
     *     (recorded as skipped), already has the event, is being given it elsewhere, or is
     *     waiting for a retry that is not yet due
     */
    public boolean begin(Exchange exchange) {
        long eventId = eventId(exchange);
        String sink = exchange.getUnitOfWork().getRoute().getRouteId();
        exchange.setProperty(SINK, sink);
        OffsetDateTime now = now();
        if (!sinks.isEnabled(sink)) {
            if (insert(eventId, sink, DeliveryStatus.SKIPPED, "sink disabled", now)) {
                metrics.delivery(sink, "skipped");
            }
            log.info("Delivery event={} kind={} sink={} outcome=skipped reason=sink-disabled", eventId, kind(exchange), sink);
            return false;
        }
        exchange.removeProperty(ATTEMPT);
        Key key = new Key(eventId, sink);
        if (unrecorded.contains(key)) {
            // Sent before, but its success was not recorded: record it now, do not send again.
            if (claim(eventId, sink, now) && record(eventId, sink, now)) {
                unrecorded.remove(key);
                log.info("Delivery event={} sink={} outcome=delivered-recorded-late", eventId, sink);
            }
            return false;
        }
        // Most deliveries are first attempts: create the row claimed (one statement), and claim
        // an existing row (a retry, a replay, an event routed again) only if there is one.
        boolean claimed = insert(eventId, sink, DeliveryStatus.DELIVERING, null, now) && firstAttempt(exchange)
                || claim(eventId, sink, now);
        if (claimed) {
            inFlight.add(key);
            exchange.setProperty(ATTEMPT_STARTED, System.nanoTime());
        }
        return claimed;
    }

    private boolean claim(long eventId, String sink, OffsetDateTime now) {
        if (writes.update(CLAIM, instance, now.plus(properties.lease()), now, eventId, sink, now, now) == 1) {
            return true;
        }
        log.debug("Delivery event={} sink={} not claimed: done, claimed elsewhere or not yet due", eventId, sink);
        return false;
    }

    private static boolean firstAttempt(Exchange exchange) {
        exchange.setProperty(ATTEMPT, 1);
        return true;
    }

    /**
     * Records that the current sink has the event. Called right after the send, and never throws,
     * so that a sink route can call it inside the send's failure handling: when the record cannot
     * be written (the database failed just then), the send is not counted as failed or repeated. The row stays DELIVERING under this process's claim; when
     * the claim comes back to this process (the retry route takes it up once its lease has
     * expired) the success is recorded then, without sending again. Only if this process stops
     * first, or another instance takes the expired claim, is the event sent once more.
     */
    public void delivered(Exchange exchange) {
        long eventId = eventId(exchange);
        String sink = exchange.getProperty(SINK, String.class);
        Key key = new Key(eventId, sink);
        OffsetDateTime now = now();
        boolean recorded;
        try {
            recorded = record(eventId, sink, now);
        } catch (RuntimeException bookkeeping) {
            unrecorded.add(key);
            inFlight.remove(key);
            metrics.delivery(sink, "unrecorded");
            log.warn("Delivery event={} kind={} sink={} outcome=sent-not-recorded error={}; kept claimed, recorded later without resending",
                    eventId, kind(exchange), sink, bookkeeping.getClass().getName());
            return;
        }
        inFlight.remove(key);
        if (!recorded) {
            log.warn("Delivery event={} sink={} outcome=delivered-after-lease-lost", eventId, sink);
            return;
        }
        try {
            logDelivered(exchange, eventId, sink, now);
        } catch (RuntimeException readBack) {
            log.info("Delivery event={} sink={} outcome=delivered", eventId, sink);
        }
    }

    /** Marks the delivery done if this process still holds its claim: false when it does not. */
    private boolean record(long eventId, String sink, OffsetDateTime now) {
        return writes.update("""
                UPDATE deliveries SET status = 'DELIVERED', delivered_at = ?, last_error = NULL, claimed_by = NULL,
                lease_expires_at = NULL, next_attempt_at = NULL, updated_at = ?
                WHERE event_id = ? AND sink = ? AND claimed_by = ?""", now, now, eventId, sink, instance) > 0;
    }

    private void logDelivered(Exchange exchange, long eventId, String sink, OffsetDateTime now) {
        // For the log line and the latency metric: the attempt count (known for a first attempt,
        // read back for a retry) and when the event arrived (the inbox hands it out with the event).
        Object attempt = exchange.getProperty(ATTEMPT);
        if (attempt == null) {
            attempt = jdbc.queryForObject("SELECT attempts FROM deliveries WHERE event_id = ? AND sink = ?", Integer.class,
                    eventId, sink);
        }
        PauboxEvent event = exchange.getProperty(Inbox.EVENT, PauboxEvent.class);
        OffsetDateTime receivedAt = event != null && event.receivedAt() != null ? event.receivedAt()
                : jdbc.queryForObject("SELECT received_at FROM webhook_events WHERE id = ?", OffsetDateTime.class, eventId);
        Duration latency = Duration.between(receivedAt, now);
        metrics.delivery(sink, "delivered");
        metrics.delivered(sink, latency);
        log.info("Delivery event={} kind={} sink={} outcome=delivered attempt={} latency={}ms", eventId, kind(exchange), sink,
                attempt, latency.toMillis());
    }

    /**
     * Records the failure of the current sink's delivery: retried later with backoff, or dead when
     * the failure is permanent or the attempts have run out. Keeps the kind of error, not its
     * message (PHI).
     */
    public void failed(Exchange exchange) {
        long eventId = eventId(exchange);
        String sink = exchange.getProperty(SINK, String.class);
        inFlight.remove(new Key(eventId, sink));
        Failure failure = classifier.classify(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        int attempts = attempts(eventId, sink);
        OffsetDateTime now = now();
        if (failure.permanent() || attempts >= properties.maxAttempts()) {
            writes.update("""
                    UPDATE deliveries SET status = 'DEAD', last_error = ?, claimed_by = NULL, lease_expires_at = NULL,
                    next_attempt_at = NULL, updated_at = ? WHERE event_id = ? AND sink = ? AND claimed_by = ?""",
                    failure.description(), now, eventId, sink, instance);
            metrics.delivery(sink, "dead");
            log.warn("Delivery event={} kind={} sink={} outcome=dead attempt={} took={}ms error={}", eventId, kind(exchange), sink,
                    attempts, took(exchange), failure.description());
            return;
        }
        Duration wait = withJitter(properties.backoff(attempts));
        if (failure.retryAfter() != null && failure.retryAfter().compareTo(wait) > 0) {
            wait = failure.retryAfter();
        }
        writes.update("""
                UPDATE deliveries SET status = 'FAILED', last_error = ?, next_attempt_at = ?, claimed_by = NULL,
                lease_expires_at = NULL, updated_at = ? WHERE event_id = ? AND sink = ? AND claimed_by = ?""",
                failure.description(), now.plus(wait), now, eventId, sink, instance);
        metrics.delivery(sink, "failed");
        log.warn("Delivery event={} kind={} sink={} outcome=failed attempt={} took={}ms error={} retry-in={}ms",
                eventId, kind(exchange), sink, attempts, took(exchange), failure.description(), wait.toMillis());
    }

    /** How long the failed attempt took, from its claim: a timeout shows as the time it waited. */
    private static long took(Exchange exchange) {
        Long started = exchange.getProperty(ATTEMPT_STARTED, Long.class);
        return started == null ? 0 : Duration.ofNanos(System.nanoTime() - started).toMillis();
    }

    /**
     * Gives the current claim back without counting it as an attempt: the delivery is to be made
     * at {@code at} instead (used to keep a sink's pace).
     */
    public void defer(Exchange exchange, OffsetDateTime at) {
        inFlight.remove(new Key(eventId(exchange), exchange.getProperty(SINK, String.class)));
        writes.update("""
                UPDATE deliveries SET status = 'PENDING', attempts = attempts - 1, next_attempt_at = ?, claimed_by = NULL,
                lease_expires_at = NULL, updated_at = ? WHERE event_id = ? AND sink = ? AND claimed_by = ?""",
                at, now(), eventId(exchange), exchange.getProperty(SINK, String.class), instance);
    }

    /** Deliveries whose retry is due or whose claim has expired, oldest first, at most {@code limit}. */
    public List<Map<String, Object>> due(int limit) {
        OffsetDateTime now = now();
        return jdbc.queryForList(DUE.formatted(limit), now, now);
    }

    /**
     * Puts dead letters back in line, to be delivered once more by the retry route; a delivery
     * that is not dead (above all, one already delivered) is left alone.
     *
     * @param ids the deliveries to replay; null or empty means every dead letter
     * @return how many were put back
     */
    public int replay(List<Long> ids) {
        OffsetDateTime now = now();
        String set = "UPDATE deliveries SET status = 'PENDING', attempts = 0, next_attempt_at = ?, updated_at = ? WHERE status = 'DEAD'";
        if (ids == null || ids.isEmpty()) {
            return jdbc.update(set, now, now);
        }
        int replayed = 0;
        for (Long id : ids) {
            replayed += jdbc.update(set + " AND id = ?", now, now, id);
        }
        log.info("Replay requested for {} dead letter(s), {} put back", ids.size(), replayed);
        return replayed;
    }

    /**
     * On shutdown, once the routes have stopped: claims this process still holds go back to the
     * queue at once, except those whose send may still be running (Camel's shutdown timeout ran
     * out on it) or whose success could not be recorded. Those keep their lease and are taken up
     * when it expires, so that a send still on the wire is not started a second time meanwhile.
     */
    @PreDestroy
    public void releaseClaims() {
        OffsetDateTime now = now();
        List<Key> held = jdbc.query("SELECT event_id, sink FROM deliveries WHERE status = 'DELIVERING' AND claimed_by = ?",
                (row, n) -> new Key(row.getLong(1), row.getString(2)), instance);
        int released = 0;
        int kept = 0;
        for (Key key : held) {
            if (inFlight.contains(key) || unrecorded.contains(key)) {
                kept++;
                continue;
            }
            released += jdbc.update("""
                    UPDATE deliveries SET status = 'PENDING', attempts = attempts - 1, next_attempt_at = ?, claimed_by = NULL,
                    lease_expires_at = NULL, updated_at = ? WHERE event_id = ? AND sink = ? AND status = 'DELIVERING' AND claimed_by = ?""",
                    now, now, key.eventId(), key.sink(), instance);
        }
        if (released > 0 || kept > 0) {
            log.info("Shutdown: {} delivery claim(s) returned to pending, {} left to their lease (send still running or not recorded)",
                    released, kept);
        }
    }

    private boolean insert(long eventId, String sink, DeliveryStatus status, String error, OffsetDateTime now) {
        boolean claiming = status == DeliveryStatus.DELIVERING;
        try {
            return writes.update(INSERT, eventId, sink, status.name(), claiming ? 1 : 0, claiming ? instance : null,
                    claiming ? now.plus(properties.lease()) : null, error, now, now, eventId, sink) == 1;
        } catch (DuplicateKeyException raced) {
            // Another thread or instance created it at the same moment.
            return false;
        }
    }

    private int attempts(long eventId, String sink) {
        Integer attempts = jdbc.queryForObject("SELECT attempts FROM deliveries WHERE event_id = ? AND sink = ?",
                Integer.class, eventId, sink);
        return attempts == null ? 0 : attempts;
    }

    private Duration withJitter(Duration wait) {
        double factor = 1.0 - properties.jitter() * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis((long) (wait.toMillis() * factor));
    }

    /** The event's kind, for log lines: validated at the intake as a short identifier. */
    private static String kind(Exchange exchange) {
        PauboxEvent event = exchange.getProperty(Inbox.EVENT, PauboxEvent.class);
        return event != null ? event.eventName() : exchange.getMessage().getHeader("eventName", "?", String.class);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }

    private static long eventId(Exchange exchange) {
        Long id = exchange.getProperty(Inbox.EVENT_ID, Long.class);
        if (id == null) {
            throw new IllegalStateException("no " + Inbox.EVENT_ID + " property: sink routes are called by the dispatcher");
        }
        return id;
    }
}
