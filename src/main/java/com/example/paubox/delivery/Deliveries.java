package com.example.paubox.delivery;

import com.example.paubox.delivery.FailureClassifier.Failure;
import com.example.paubox.inbox.Inbox;
import com.example.paubox.inbox.PauboxEvent;
import com.example.paubox.system.ReceiverMetrics;
import com.example.paubox.system.RouteModel;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code deliveries} table: one row per (event, sink) saying what that sink got. This is the
 * bookkeeping of the delivery mechanism ({@code routes/sink-delivery.camel.yaml}); sink routes
 * never call it.
 *
 * <p>While the routing table runs, {@link #name} notes each sink it names. {@link #open} then
 * creates the event's delivery rows at once, each claimed for this instance with a lease (or
 * {@code SKIPPED} for a sink that is off), so that of several threads or instances routing the
 * same event exactly one delivers to each sink. The sink-delivery route delivers each on its own:
 * {@link #begin} (which claims a retried or replayed delivery the same way), the send, then
 * {@link #delivered} or {@link #failed}. A failed delivery is retried with exponential backoff and
 * jitter (the sink's {@link Sinks.RetryPolicy}) by the {@code delivery-retry} route, or becomes a
 * dead letter when the failure is permanent or the attempts run out. A claim whose process died
 * expires with its lease and the delivery is taken up again.
 */
@Component("deliveries")
public class Deliveries {

    /** Exchange property: the sink (the name of its {@code direct:} route) the exchange is being delivered to. */
    public static final String SINK = "sink";
    /** Exchange property: the sink route that delivery goes through ({@code slack-alert} for {@code slack-alert/clinic-a}). */
    public static final String SINK_ROUTE = "sinkRoute";
    /** Exchange property: the destination of the sink that delivery goes to ({@code default} unless the sink name gives one). */
    public static final String DESTINATION = "destination";
    /** Exchange property: the sinks the routing table named for the event, in order ({@link #name}). */
    public static final String NAMED = "namedSinks";
    /** Exchange property: the sinks {@link #open} claimed for this instance, to be delivered now. */
    public static final String OPENED = "openedSinks";
    /** Exchange property: of those, the ones whose row {@link #open} created (first attempts). */
    private static final String FIRST = "firstAttempts";
    /** Exchange property: true when the attempt {@link #awaitSink} waited for failed. */
    public static final String AWAITED_FAILED = "awaitedSinkFailed";
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
    /** Deliveries this process has claimed and is sending now, each done when its attempt is over. */
    private final Map<Key, CompletableFuture<Boolean>> inFlight = new ConcurrentHashMap<>();
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
     * Notes the sink the routing table is sending the event to ({@code to: direct:<sink>}), in
     * place of the send: called by the interceptor in {@code routes/sink-delivery.camel.yaml}.
     */
    public void name(Exchange exchange) {
        String uri = exchange.getProperty(Exchange.INTERCEPTED_ENDPOINT, String.class);
        if (uri == null || !uri.startsWith("direct:")) {
            throw new IllegalStateException("deliveries.name is called for the routing table's sends to direct: sink routes");
        }
        nameSink(exchange, RouteModel.directName(uri));
    }

    /** Notes that the routing table names {@code sink} for this event (see {@link #name(Exchange)}). */
    public void nameSink(Exchange exchange, String sink) {
        @SuppressWarnings("unchecked")
        Set<String> named = exchange.getProperty(NAMED, Set.class);
        if (named == null) {
            named = new LinkedHashSet<>();
            exchange.setProperty(NAMED, named);
        }
        named.add(Sinks.normalize(sink));
    }

    /**
     * Opens the deliveries of the event to the sinks the routing table named: a row per sink,
     * claimed for this instance ({@code DELIVERING}, first attempt), or {@code SKIPPED} for a sink
     * that is off. A sink that has a row already (the event is routed again: its first routing
     * did not finish) is claimed only if that delivery is due, so that no sink gets the event
     * twice. Sets {@value #OPENED}: the sinks to deliver to now.
     */
    public void open(Exchange exchange) {
        long eventId = eventId(exchange);
        @SuppressWarnings("unchecked")
        Set<String> named = exchange.getProperty(NAMED, Set.class);
        List<String> opened = new ArrayList<>();
        Set<String> first = new HashSet<>();
        OffsetDateTime now = now();
        // Every sink's row in one go, so that they share a commit: created claimed, or SKIPPED
        // for a sink that is off. A sink that has a row already is taken up after.
        Map<String, CompletableFuture<Integer>> created = new HashMap<>();
        Set<String> off = new HashSet<>();
        for (String sink : named == null ? Set.<String>of() : named) {
            boolean enabled = sinks.isEnabled(sink);
            if (!enabled) {
                off.add(sink);
            }
            if (!enabled || !unrecorded.contains(new Key(eventId, sink))) {
                created.put(sink, submitInsert(eventId, sink, enabled ? DeliveryStatus.DELIVERING : DeliveryStatus.SKIPPED,
                        enabled ? null : "sink disabled", now));
            }
        }
        for (String sink : named == null ? Set.<String>of() : named) {
            Key key = new Key(eventId, sink);
            if (off.contains(sink)) {
                skip(exchange, eventId, sink, inserted(created.get(sink)), now);
            } else if (!created.containsKey(sink)) {
                // Sent before, but its success was not recorded: begin records it, without sending.
                opened.add(sink);
            } else if (inserted(created.get(sink))) {
                inFlight.put(key, new CompletableFuture<>());
                opened.add(sink);
                first.add(sink);
            } else if (claim(eventId, sink, now)) {
                inFlight.put(key, new CompletableFuture<>());
                opened.add(sink);
            }
        }
        exchange.removeProperty(NAMED);
        exchange.setProperty(OPENED, opened);
        exchange.setProperty(FIRST, first);
    }

    /**
     * Readies the delivery of the exchange's event to the sink in property {@value #SINK}: takes
     * the claim {@link #open} made, or claims a retried, replayed or recovered delivery.
     *
     * @return true when the sink should be sent the event now; false when the sink is disabled
     *     (recorded as skipped), already has the event, is being given it elsewhere, or is
     *     waiting for a retry that is not yet due
     */
    public boolean begin(Exchange exchange) {
        long eventId = eventId(exchange);
        String sink = exchange.getProperty(SINK, String.class);
        if (sink == null) {
            throw new IllegalStateException("no " + SINK + " property: sinks are delivered by the sink-delivery route");
        }
        Key key = new Key(eventId, sink);
        OffsetDateTime now = now();
        exchange.removeProperty(ATTEMPT);
        exchange.setProperty(SINK_ROUTE, Sinks.route(sink));
        exchange.setProperty(DESTINATION, Sinks.destination(sink));
        if (unrecorded.contains(key)) {
            // Sent before, but its success was not recorded: record it now, do not send again.
            if (claim(eventId, sink, now) && record(eventId, sink, now)) {
                unrecorded.remove(key);
                log.info("Delivery event={} sink={} outcome=delivered-recorded-late", eventId, sink);
            }
            return false;
        }
        @SuppressWarnings("unchecked")
        List<String> opened = exchange.getProperty(OPENED, List.class);
        boolean claimed;
        if (opened != null && opened.contains(sink)) {
            // Claimed by open(), moments ago, for this dispatch.
            @SuppressWarnings("unchecked")
            Set<String> first = exchange.getProperty(FIRST, Set.class);
            if (first != null && first.contains(sink)) {
                exchange.setProperty(ATTEMPT, 1);
            }
            claimed = true;
        } else if (!sinks.isEnabled(sink)) {
            skip(exchange, eventId, sink, now);
            return false;
        } else {
            // A retried, replayed or recovered delivery has its row; a delivery asked for
            // directly (not through the routing table) may not yet.
            claimed = claim(eventId, sink, now) || insert(eventId, sink, DeliveryStatus.DELIVERING, null, now) && firstAttempt(exchange);
            if (claimed) {
                inFlight.put(key, new CompletableFuture<>());
            }
        }
        if (claimed) {
            exchange.setProperty(ATTEMPT_STARTED, System.nanoTime());
        }
        return claimed;
    }

    /** Whether the delivery {@link #begin} just claimed is its first attempt, on a row made for it (known without a read). */
    boolean isFirstAttempt(Exchange exchange) {
        return Integer.valueOf(1).equals(exchange.getProperty(ATTEMPT));
    }

    private static boolean firstAttempt(Exchange exchange) {
        exchange.setProperty(ATTEMPT, 1);
        return true;
    }

    /** The sink is off: its delivery is recorded as skipped, a new row or one that was waiting for a retry. */
    private void skip(Exchange exchange, long eventId, String sink, OffsetDateTime now) {
        skip(exchange, eventId, sink, insert(eventId, sink, DeliveryStatus.SKIPPED, "sink disabled", now), now);
    }

    /** Records the delivery as skipped: {@code inserted} when its SKIPPED row was just created. */
    private void skip(Exchange exchange, long eventId, String sink, boolean inserted, OffsetDateTime now) {
        boolean recorded = inserted
                || writes.update("""
                        UPDATE deliveries SET status = 'SKIPPED', last_error = 'sink disabled', claimed_by = NULL, lease_expires_at = NULL,
                        next_attempt_at = NULL, updated_at = ? WHERE event_id = ? AND sink = ?
                          AND (status IN ('PENDING', 'FAILED') OR (status = 'DELIVERING' AND lease_expires_at < ?))""",
                        now, eventId, sink, now) == 1;
        if (recorded) {
            metrics.delivery(sink, "skipped");
            log.info("Delivery event={} kind={} sink={} outcome=skipped reason=sink-disabled", eventId, kind(exchange), sink);
        }
    }

    /**
     * Waits until this process's attempt to deliver the exchange's event to another sink is over
     * (delivered, failed or deferred), at most {@code timeout}; at once when there is none. For a
     * sink whose message mentions what the other one makes (an alert naming the ticket that
     * ticket-store opens), without depending on it: whatever the other sink does, this one goes
     * on. Sets the property {@value #AWAITED_FAILED} when that attempt failed.
     */
    public void awaitSink(Exchange exchange, String sink, String timeout) {
        exchange.removeProperty(AWAITED_FAILED);
        CompletableFuture<Boolean> attempt = inFlight.get(new Key(eventId(exchange), sink));
        if (attempt == null) {
            return;
        }
        try {
            if (Boolean.FALSE.equals(attempt.get(DurationStyle.detectAndParse(timeout).toMillis(), TimeUnit.MILLISECONDS))) {
                exchange.setProperty(AWAITED_FAILED, true);
            }
        } catch (TimeoutException slow) {
            log.debug("Delivery event={} sink={} still running after {}: not waited for", eventId(exchange), sink, timeout);
        } catch (ExecutionException impossible) {
            // The attempts' futures are only ever completed normally.
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** This process's attempt at the delivery is over: {@code failed} when the sink refused or could not be reached. */
    private void attemptOver(Key key, boolean failed) {
        CompletableFuture<Boolean> attempt = inFlight.remove(key);
        if (attempt != null) {
            attempt.complete(!failed);
        }
    }

    private boolean claim(long eventId, String sink, OffsetDateTime now) {
        if (writes.update(CLAIM, instance, now.plus(properties.lease()), now, eventId, sink, now, now) == 1) {
            return true;
        }
        log.debug("Delivery event={} sink={} not claimed: done, claimed elsewhere or not yet due", eventId, sink);
        return false;
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
            attemptOver(key, false);
            metrics.delivery(sink, "unrecorded");
            log.warn("Delivery event={} kind={} sink={} outcome=sent-not-recorded error={}; kept claimed, recorded later without resending",
                    eventId, kind(exchange), sink, bookkeeping.getClass().getName());
            return;
        }
        attemptOver(key, false);
        if (!recorded) {
            log.warn("Delivery event={} sink={} outcome=delivered-after-lease-lost", eventId, sink);
            return;
        }
        history(eventId, sink, "delivered", null, took(exchange), now);
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
        attemptOver(new Key(eventId, sink), true);
        Failure failure = classifier.classify(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        int attempts = attempts(eventId, sink);
        OffsetDateTime now = now();
        Sinks.RetryPolicy retry = sinks.retry(sink);
        if (failure.permanent() || attempts >= retry.maxAttempts()) {
            writes.update("""
                    UPDATE deliveries SET status = 'DEAD', last_error = ?, claimed_by = NULL, lease_expires_at = NULL,
                    next_attempt_at = NULL, updated_at = ? WHERE event_id = ? AND sink = ? AND claimed_by = ?""",
                    failure.description(), now, eventId, sink, instance);
            metrics.delivery(sink, "dead");
            history(eventId, sink, "dead", failure.description(), took(exchange), now);
            log.warn("Delivery event={} kind={} sink={} outcome=dead attempt={} took={}ms error={}", eventId, kind(exchange), sink,
                    attempts, took(exchange), failure.description());
            return;
        }
        Duration wait = withJitter(retry.backoff(attempts), retry.jitter());
        if (failure.retryAfter() != null && failure.retryAfter().compareTo(wait) > 0) {
            wait = failure.retryAfter();
        }
        writes.update("""
                UPDATE deliveries SET status = 'FAILED', last_error = ?, next_attempt_at = ?, claimed_by = NULL,
                lease_expires_at = NULL, updated_at = ? WHERE event_id = ? AND sink = ? AND claimed_by = ?""",
                failure.description(), now.plus(wait), now, eventId, sink, instance);
        metrics.delivery(sink, "failed");
        history(eventId, sink, "failed", failure.description(), took(exchange), now);
        log.warn("Delivery event={} kind={} sink={} outcome=failed attempt={} took={}ms error={} retry-in={}ms",
                eventId, kind(exchange), sink, attempts, took(exchange), failure.description(), wait.toMillis());
    }

    /**
     * One line of the delivery's history (delivery_attempts, the console's timeline), with the
     * attempt number the deliveries row has now. Best effort: history that cannot be written
     * (the database failed just then) never fails the delivery or its record.
     */
    private void history(long eventId, String sink, String outcome, String error, long tookMillis, OffsetDateTime at) {
        // Not waited for: it rides the next group's commit while the delivery goes on.
        writes.submit("""
                INSERT INTO delivery_attempts (event_id, sink, attempt, outcome, error, took_ms, at)
                SELECT event_id, sink, attempts, ?, ?, ?, ? FROM deliveries WHERE event_id = ? AND sink = ?""",
                outcome, error, tookMillis, at, eventId, sink)
                .whenComplete((count, notWritten) -> {
                    if (notWritten != null) {
                        log.debug("Delivery history not written event={} sink={} ({})", eventId, sink,
                                notWritten.getClass().getName());
                    }
                });
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
        attemptOver(new Key(eventId(exchange), exchange.getProperty(SINK, String.class)), false);
        writes.update("""
                UPDATE deliveries SET status = 'PENDING', attempts = attempts - 1, next_attempt_at = ?, claimed_by = NULL,
                lease_expires_at = NULL, updated_at = ? WHERE event_id = ? AND sink = ? AND claimed_by = ?""",
                at, now(), eventId(exchange), exchange.getProperty(SINK, String.class), instance);
    }

    /**
     * Gives the current claim back without counting it as an attempt: the delivery is held for
     * the digest {@code digestId} while that window is open ({@link Digests}).
     *
     * @return false when the window has just closed (or the claim is gone): the delivery was not held
     */
    boolean hold(Exchange exchange, long digestId) {
        long eventId = eventId(exchange);
        String sink = exchange.getProperty(SINK, String.class);
        OffsetDateTime now = now();
        boolean held = writes.update("""
                UPDATE deliveries SET status = 'HELD', digest_id = ?, attempts = attempts - 1, next_attempt_at = NULL, claimed_by = NULL,
                lease_expires_at = NULL, updated_at = ? WHERE event_id = ? AND sink = ? AND claimed_by = ?
                  AND EXISTS (SELECT 1 FROM alert_digests WHERE id = ? AND status = 'OPEN')""",
                digestId, now, eventId, sink, instance, digestId) == 1;
        if (held) {
            attemptOver(new Key(eventId, sink), false);
            metrics.delivery(sink, "held");
            log.info("Delivery event={} kind={} sink={} outcome=held digest={}", eventId, kind(exchange), sink, digestId);
        }
        return held;
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
        String history = """
                INSERT INTO delivery_attempts (event_id, sink, attempt, outcome, at)
                SELECT event_id, sink, attempts, 'replayed', ? FROM deliveries WHERE status = 'DEAD'""";
        if (ids == null || ids.isEmpty()) {
            jdbc.update(history, now);
            return jdbc.update(set, now, now);
        }
        int replayed = 0;
        for (Long id : ids) {
            jdbc.update(history + " AND id = ?", now, id);
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
            if (inFlight.containsKey(key) || unrecorded.contains(key)) {
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
        return inserted(submitInsert(eventId, sink, status, error, now));
    }

    private CompletableFuture<Integer> submitInsert(long eventId, String sink, DeliveryStatus status, String error,
            OffsetDateTime now) {
        boolean claiming = status == DeliveryStatus.DELIVERING;
        return writes.submit(INSERT, eventId, sink, status.name(), claiming ? 1 : 0, claiming ? instance : null,
                claiming ? now.plus(properties.lease()) : null, error, now, now, eventId, sink);
    }

    /** Whether the submitted insert created its row: false when the row was there already. */
    private boolean inserted(CompletableFuture<Integer> insert) {
        try {
            return writes.await(insert) == 1;
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

    private static Duration withJitter(Duration wait, double jitter) {
        double factor = 1.0 - jitter * ThreadLocalRandom.current().nextDouble();
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
