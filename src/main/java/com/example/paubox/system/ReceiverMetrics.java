package com.example.paubox.system;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The receiver's own metrics, served at {@code /actuator/prometheus}. Labels are bounded and carry
 * no PHI: the event label is one of the four Paubox event names or {@code other}, the sink label
 * a route id, the outcome one of a few words. Route metrics come from camel-micrometer.
 */
@Component
public class ReceiverMetrics {

    private static final Set<String> KNOWN_EVENTS = Set.of("api_mail_log_delivered", "api_mail_log_temporary_failure",
            "api_mail_log_permanent_failure", "api_mail_log_opened");

    private final MeterRegistry registry;
    private final Timer ack;
    private final DistributionSummary commitRows;
    private final Timer commitTime;
    private final DistributionSummary bookkeepingStatements;
    private final Timer bookkeepingTime;
    /**
     * The labelled meters, each built and registered once for its labels (a bounded set): a
     * meter looked up through its builder on every call applies every meter filter again, about
     * 1 % of a webhook's request thread in an async-profiler run.
     */
    private final Map<List<String>, Counter> webhooks = new ConcurrentHashMap<>();
    private final Map<List<String>, Counter> deliveries = new ConcurrentHashMap<>();
    private final Map<String, Timer> deliveryLatencies = new ConcurrentHashMap<>();

    public ReceiverMetrics(MeterRegistry registry, JdbcTemplate jdbc) {
        this.registry = registry;
        this.ack = Timer.builder("paubox.webhook.ack.latency")
                .description("Time from a webhook request's arrival to its answer")
                .publishPercentileHistogram().register(registry);
        this.commitRows = DistributionSummary.builder("paubox.inbox.commit.rows")
                .description("Webhooks stored per inbox transaction (group commit)").register(registry);
        this.commitTime = Timer.builder("paubox.inbox.commit.time")
                .description("Time to write and commit one inbox transaction").register(registry);
        this.bookkeepingStatements = DistributionSummary.builder("paubox.bookkeeping.commit.statements")
                .description("Claims and delivery outcomes written per bookkeeping transaction (group commit)").register(registry);
        this.bookkeepingTime = Timer.builder("paubox.bookkeeping.commit.time")
                .description("Time to write and commit one bookkeeping transaction").register(registry);
        gauge("paubox.dead.letters", "Deliveries whose retries ran out or that a sink refused for good",
                () -> jdbc.queryForObject("SELECT COUNT(*) FROM deliveries WHERE status = 'DEAD'", Long.class));
        gauge("paubox.backlog.events", "Stored events not yet routed",
                () -> jdbc.queryForObject("SELECT COUNT(*) FROM webhook_events WHERE status IN ('RECEIVED', 'ROUTING')", Long.class));
        gauge("paubox.backlog.deliveries", "Deliveries waiting for their sink (pending, retrying or in progress)",
                () -> jdbc.queryForObject("SELECT COUNT(*) FROM deliveries WHERE status IN ('PENDING', 'FAILED', 'DELIVERING')", Long.class));
        gauge("paubox.watch.firing", "Conditions the receiver watches in itself that are firing now (GET /admin/watch)",
                () -> jdbc.queryForObject("SELECT COUNT(*) FROM watch_conditions WHERE state = 'FIRING'", Long.class));
        gauge("paubox.reconcile.pending", "Messages waiting to be asked about at Paubox's message receipt API",
                () -> jdbc.queryForObject("SELECT COUNT(*) FROM reconcile_messages WHERE status IN ('PENDING', 'ASKING')", Long.class));
        ageGauge("paubox.backlog.oldest.seconds", "Age of the oldest event still waiting to be routed or delivered",
                () -> jdbc.queryForObject("""
                        SELECT MIN(e.received_at) FROM webhook_events e
                        WHERE e.status IN ('RECEIVED', 'ROUTING') OR EXISTS (SELECT 1 FROM deliveries d
                          WHERE d.event_id = e.id AND d.status IN ('PENDING', 'FAILED', 'DELIVERING'))""",
                        OffsetDateTime.class));
    }

    /**
     * One webhook answered: {@code outcome} is accepted, duplicate, unavailable (503, not stored:
     * the database could not store it, or the intake route is not running yet or any more), error (500),
     * or {@code rejected-<code>} with a fixed code (com.example.paubox.intake.RejectionReason:
     * method, unsupported-media-type, too-large, bad-token, wrong-path, throttled, body-timeout,
     * body-incomplete, empty-body, not-utf8, not-json, not-object, no-event-name, bad-event-name,
     * payload-not-object, bad-id); never a value taken from the request.
     */
    public void webhook(String eventName, String outcome) {
        String event = eventName == null ? "unknown" : KNOWN_EVENTS.contains(eventName) ? eventName : "other";
        webhooks.computeIfAbsent(List.of(event, outcome), labels -> Counter.builder("paubox.webhooks.received")
                .description("Webhook requests by event and outcome")
                .tag("event", event).tag("outcome", outcome).register(registry)).increment();
    }

    /** One inbox transaction committed with this many webhooks in it, in this long. */
    public void inboxCommit(int rows, Duration took) {
        commitRows.record(rows);
        commitTime.record(took);
    }

    /** One bookkeeping transaction committed with this many statements in it, in this long. */
    public void bookkeepingCommit(int statements, Duration took) {
        bookkeepingStatements.record(statements);
        bookkeepingTime.record(took);
    }

    public void acknowledged(Duration latency) {
        ack.record(latency);
    }

    /** One delivery attempt ended: delivered, failed (to be retried), dead or skipped. */
    public void delivery(String sink, String outcome) {
        deliveries.computeIfAbsent(List.of(sink, outcome), labels -> Counter.builder("paubox.deliveries")
                .description("Delivery attempts by sink and outcome")
                .tag("sink", sink).tag("outcome", outcome).register(registry)).increment();
    }

    /** From the webhook's arrival to its delivery at the sink. */
    public void delivered(String sink, Duration sinceReceived) {
        deliveryLatencies.computeIfAbsent(sink, label -> Timer.builder("paubox.delivery.latency")
                .description("Time from a webhook's arrival to its delivery, per sink")
                .tag("sink", sink).publishPercentileHistogram().register(registry)).record(sinceReceived);
    }

    private void gauge(String name, String description, Supplier<Long> count) {
        Gauge.builder(name, () -> {
            try {
                Long value = count.get();
                return value == null ? 0 : value;
            } catch (RuntimeException databaseAway) {
                return Double.NaN;
            }
        }).description(description).register(registry);
    }

    private void ageGauge(String name, String description, Supplier<OffsetDateTime> oldest) {
        Gauge.builder(name, () -> {
            try {
                OffsetDateTime since = oldest.get();
                return since == null ? 0 : Duration.between(since, OffsetDateTime.now()).toMillis() / 1000.0;
            } catch (RuntimeException databaseAway) {
                return Double.NaN;
            }
        }).description(description).baseUnit("seconds").register(registry);
    }
}
