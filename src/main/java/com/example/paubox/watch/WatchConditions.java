package com.example.paubox.watch;

import com.example.paubox.delivery.Sinks;
import com.example.paubox.inbox.Inbox;
import com.example.paubox.inbox.PauboxEvent;
import com.example.paubox.notify.EmailLists;
import com.example.paubox.notify.SlackDestinations;
import com.example.paubox.reconcile.Reconciler;
import com.example.paubox.watch.IntakeSignals.Tally;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The conditions the receiver watches in itself, with Alertmanager's semantics: an alert when a
 * condition starts, a reminder at most every {@code paubox.watch.repeat} while it goes on, one
 * when it resolves, never more. Each condition's state is a row of {@code watch_conditions},
 * shared by every instance; each change of state is one conditional update, made in the same
 * transaction as the alert it causes, so that of several instances watching the same database
 * only one alerts, once. The alert is an event ({@code source=watch}, kind
 * {@value WatchAlert#EVENT_NAME}) that the event-router sends to the ops destination.
 *
 * <ul>
 *   <li>{@code silence}: no webhook accepted for {@code paubox.watch.silence};</li>
 *   <li>{@code events-lost}: webhooks answered 503 (not stored), until none for {@code events-lost-quiet};</li>
 *   <li>{@code token-trouble}: {@code token-refusals} wrong-token refusals within {@code token-window}, until none for that long;</li>
 *   <li>{@code sink-failing <sink>}: a delivery failing for longer than {@code sink-failing}, or a dead letter newer than that;</li>
 *   <li>{@code backlog}: the oldest unfinished event older than {@code paubox.watch.backlog}.</li>
 * </ul>
 */
@Component("watchConditions")
public class WatchConditions {

    static final String SILENCE = "silence";
    static final String EVENTS_LOST = "events-lost";
    static final String TOKEN_TROUBLE = "token-trouble";
    static final String SINK_FAILING = "sink-failing";
    static final String BACKLOG = "backlog";

    private static final Logger log = LoggerFactory.getLogger(WatchConditions.class);

    /**
     * A condition as one look found it.
     *
     * @param active whether it holds now
     * @param detail what it looks like, for the alert (no PHI)
     * @param lost, refused evidence this instance counted since its last look, to be added to the row
     */
    public record Observation(String id, String kind, String subject, boolean active, String detail, Instant observedAt,
            Tally lost, Tally refused) {
        @Override
        public String toString() {
            return "Observation[" + id + (active ? " active]" : " clear]");
        }
    }

    /** A row of {@code watch_conditions}. */
    private record State(String kind, String subject, String state, OffsetDateTime startedAt, OffsetDateTime notifiedAt,
            long occurrences, OffsetDateTime firstSeenAt, OffsetDateTime lastSeenAt) {
        boolean firing() {
            return "FIRING".equals(state);
        }
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final WatchProperties properties;
    private final IntakeSignals signals;
    private final SlackDestinations slack;
    private final EmailLists email;
    private final Reconciler reconciler;

    public WatchConditions(JdbcTemplate jdbc, TransactionTemplate transaction, Clock clock, WatchProperties properties,
            IntakeSignals signals, SlackDestinations slack, EmailLists email, Reconciler reconciler) {
        this.reconciler = reconciler;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
        this.properties = properties;
        this.signals = signals;
        this.slack = slack;
        this.email = email;
    }

    /**
     * Looks at every condition: the global ones always, a sink's while it fails or its row says it
     * is firing. Takes the intake's counts along; {@link #update} writes them.
     */
    public List<Observation> observe() {
        Instant now = clock.instant();
        Tally lost = signals.takeLost();
        Tally refused = signals.takeRefused();
        try {
            Map<String, State> states = states();
            List<Observation> looks = new ArrayList<>();
            looks.add(silence(now, states.get(SILENCE)));
            looks.add(eventsLost(now, states.get(EVENTS_LOST), lost));
            looks.add(tokenTrouble(now, states.get(TOKEN_TROUBLE), refused));
            looks.addAll(sinksFailing(now, states));
            looks.add(backlog(now));
            return looks;
        } catch (RuntimeException databaseAway) {
            // Counted again at the next look, which writes them.
            signals.giveBack(lost, refused);
            throw databaseAway;
        }
    }

    private Observation silence(Instant now, State row) {
        List<OffsetDateTime> last = jdbc.query(
                "SELECT received_at FROM webhook_events WHERE source = 'webhook' ORDER BY id DESC LIMIT 1",
                (r, n) -> r.getObject(1, OffsetDateTime.class));
        if (last.isEmpty()) {
            Instant since = watchedSince(row, now);
            boolean silent = since.plus(properties.silence()).isBefore(now);
            return look(SILENCE, null, silent, now, "No webhook accepted since the watch began on this database, "
                    + ago(since, now) + " ago (" + time(since) + ").");
        }
        Instant at = last.get(0).toInstant();
        boolean silent = at.plus(properties.silence()).isBefore(now);
        return look(SILENCE, null, silent, now, silent
                ? "No webhook accepted for " + ago(at, now) + " (the last at " + time(at) + "); paubox.watch.silence is "
                        + duration(properties.silence()) + "."
                : "The last webhook accepted at " + time(at) + ", " + ago(at, now) + " ago.");
    }

    /**
     * When the first receiver on this database began to watch (the silence row's first_seen_at,
     * kept across resolves): the silence of a database that never had a webhook counts from then,
     * the same for every receiver.
     */
    private Instant watchedSince(State row, Instant now) {
        if (row != null && row.firstSeenAt() != null) {
            return row.firstSeenAt().toInstant();
        }
        ensureRow(look(SILENCE, null, false, now, ""));
        jdbc.update("UPDATE watch_conditions SET first_seen_at = COALESCE(first_seen_at, ?) WHERE id = ?", at(now), SILENCE);
        return jdbc.queryForObject("SELECT first_seen_at FROM watch_conditions WHERE id = ?", OffsetDateTime.class, SILENCE).toInstant();
    }

    private Observation eventsLost(Instant now, State row, Tally lost) {
        long count = lost.count() + (row == null ? 0 : row.occurrences());
        Instant first = earliest(lost.first(), row == null ? null : instant(row.firstSeenAt()));
        Instant last = latest(lost.last(), row == null ? null : instant(row.lastSeenAt()));
        boolean active = last != null && last.plus(properties.eventsLostQuiet()).isAfter(now);
        String detail = last == null ? "No webhook answered 503."
                : count + (count == 1 ? " webhook" : " webhooks") + " answered 503 (not stored) since " + time(first)
                        + ", the last at " + time(last) + (active ? ". Paubox does not send them again."
                        : "; none for " + ago(last, now) + ".");
        return new Observation(EVENTS_LOST, EVENTS_LOST, null, active, detail, now, lost, Tally.NONE);
    }

    private Observation tokenTrouble(Instant now, State row, Tally refused) {
        long count = refused.count() + (row == null ? 0 : row.occurrences());
        Instant first = earliest(refused.first(), row == null ? null : instant(row.firstSeenAt()));
        Instant last = latest(refused.last(), row == null ? null : instant(row.lastSeenAt()));
        boolean many = signals.refusalsSince(now.minus(properties.tokenWindow()));
        boolean goesOn = row != null && row.firing() && last != null && last.plus(properties.tokenWindow()).isAfter(now);
        boolean active = many || goesOn;
        String detail = last == null ? "No request refused for its token."
                : count + (count == 1 ? " request" : " requests") + " refused for a wrong or missing token since " + time(first)
                        + ", the last at " + time(last) + (active ? " (" + properties.tokenRefusals() + " or more within "
                        + duration(properties.tokenWindow()) + "): Paubox may still send a token rotated here but not in its"
                        + " dashboard, or someone is guessing." : "; none for " + ago(last, now) + ".");
        return new Observation(TOKEN_TROUBLE, TOKEN_TROUBLE, null, active, detail, now, Tally.NONE, refused);
    }

    private List<Observation> sinksFailing(Instant now, Map<String, State> states) {
        OffsetDateTime threshold = OffsetDateTime.ofInstant(now.minus(properties.sinkFailing()), ZoneOffset.UTC);
        Map<String, long[]> failing = new LinkedHashMap<>();
        Map<String, Instant> failingSince = new LinkedHashMap<>();
        // A delivery that failed and is not done: waiting for its retry, or being retried.
        jdbc.query("""
                SELECT sink, COUNT(*), MIN(created_at) FROM deliveries
                WHERE status = 'FAILED' OR (status = 'DELIVERING' AND last_error IS NOT NULL) GROUP BY sink""", row -> {
            failing.computeIfAbsent(row.getString(1), s -> new long[2])[0] = row.getLong(2);
            failingSince.put(row.getString(1), row.getObject(3, OffsetDateTime.class).toInstant());
        });
        jdbc.query("SELECT sink, COUNT(*) FROM deliveries WHERE status = 'DEAD' AND updated_at > ? GROUP BY sink",
                row -> {
                    failing.computeIfAbsent(row.getString(1), s -> new long[2])[1] = row.getLong(2);
                }, threshold);
        states.values().stream().filter(s -> SINK_FAILING.equals(s.kind()) && s.firing())
                .forEach(s -> failing.computeIfAbsent(s.subject(), k -> new long[2]));
        List<Observation> looks = new ArrayList<>();
        failing.forEach((sink, counts) -> {
            Instant since = failingSince.get(sink);
            boolean longFailing = since != null && since.isBefore(threshold.toInstant());
            boolean active = longFailing || counts[1] > 0;
            String id = SINK_FAILING + " " + sink;
            if (!active && (states.get(id) == null || !states.get(id).firing())) {
                return; // failing for a short while only: retries are doing their job
            }
            String detail = active ? "Deliveries to " + sink + " failing: " + counts[0] + " waiting to be retried"
                    + (since == null ? "" : ", the oldest opened " + ago(since, now) + " ago") + "; " + counts[1]
                    + (counts[1] == 1 ? " dead letter" : " dead letters") + " in the last " + duration(properties.sinkFailing())
                    + " (GET /admin/dead-letters)."
                    : "Deliveries to " + sink + " succeed again: none failing for long, no new dead letter for "
                            + duration(properties.sinkFailing()) + ".";
            looks.add(new Observation(id, SINK_FAILING, sink, active, detail, now, Tally.NONE, Tally.NONE));
        });
        return looks;
    }

    private Observation backlog(Instant now) {
        OffsetDateTime unrouted = jdbc.queryForObject(
                "SELECT MIN(received_at) FROM webhook_events WHERE status IN ('RECEIVED', 'ROUTING')", OffsetDateTime.class);
        OffsetDateTime undelivered = jdbc.queryForObject("""
                SELECT MIN(e.received_at) FROM deliveries d JOIN webhook_events e ON e.id = d.event_id
                WHERE d.status IN ('PENDING', 'FAILED', 'DELIVERING')""", OffsetDateTime.class);
        Instant oldest = earliest(instant(unrouted), instant(undelivered));
        boolean active = oldest != null && oldest.plus(properties.backlog()).isBefore(now);
        String detail = oldest == null ? "Every event is routed and delivered."
                : "The oldest unfinished event was received " + ago(oldest, now) + " ago (" + time(oldest) + ")"
                        + (unrouted != null ? ", some not routed yet" : "") + (undelivered != null ? ", some deliveries waiting" : "") + ".";
        return look(BACKLOG, null, active, now, detail);
    }

    private static Observation look(String kind, String subject, boolean active, Instant now, String detail) {
        return new Observation(subject == null ? kind : kind + " " + subject, kind, subject, active, detail, now, Tally.NONE, Tally.NONE);
    }

    /**
     * Writes what one look found: the intake's counts, then the change of state, if any, with its
     * alert, in one transaction. Should the database refuse, the counts are kept for the next look.
     */
    public void update(@Body Observation look) {
        try {
            ensureRow(look);
            transaction.executeWithoutResult(status -> {
                addEvidence(look);
                change(look);
            });
        } catch (RuntimeException failed) {
            signals.giveBack(look.lost(), look.refused());
            throw failed;
        }
    }

    private void ensureRow(Observation look) {
        if (jdbc.queryForObject("SELECT COUNT(*) FROM watch_conditions WHERE id = ?", Integer.class, look.id()) > 0) {
            return;
        }
        try {
            jdbc.update("INSERT INTO watch_conditions (id, kind, subject, state, updated_at) VALUES (?, ?, ?, 'OK', ?)",
                    look.id(), look.kind(), look.subject(), at(look.observedAt()));
        } catch (DuplicateKeyException anotherInstanceFirst) {
            // it is there: that is all this wanted
        }
    }

    private void addEvidence(Observation look) {
        Tally evidence = look.lost().plus(look.refused());
        if (evidence.count() == 0) {
            return;
        }
        jdbc.update("""
                UPDATE watch_conditions SET occurrences = occurrences + ?, first_seen_at = COALESCE(first_seen_at, ?),
                    last_seen_at = CASE WHEN last_seen_at IS NULL OR last_seen_at < ? THEN ? ELSE last_seen_at END, updated_at = ?
                WHERE id = ?""", evidence.count(), at(evidence.first()), at(evidence.last()), at(evidence.last()),
                at(look.observedAt()), look.id());
    }

    private void change(Observation look) {
        OffsetDateTime now = at(look.observedAt());
        if (look.active()) {
            // Starts, unless another instance resolved it after this look was taken (a stale look).
            if (jdbc.update("""
                    UPDATE watch_conditions SET state = 'FIRING', started_at = ?, notified_at = ?, resolved_at = NULL,
                        detail = ?, updated_at = ?
                    WHERE id = ? AND state = 'OK' AND (resolved_at IS NULL OR resolved_at < ?)""",
                    now, now, detail(look), now, look.id(), now) == 1) {
                alert(look, "started", look.observedAt(), look.observedAt());
                return;
            }
            OffsetDateTime remindBefore = at(look.observedAt().minus(properties.repeat()));
            if (jdbc.update("""
                    UPDATE watch_conditions SET notified_at = ?, detail = ?, updated_at = ?
                    WHERE id = ? AND state = 'FIRING' AND notified_at <= ?""",
                    now, detail(look), now, look.id(), remindBefore) == 1) {
                alert(look, "reminder", startedAt(look.id()), look.observedAt());
                return;
            }
            jdbc.update("UPDATE watch_conditions SET detail = ?, updated_at = ? WHERE id = ? AND state = 'FIRING'",
                    detail(look), now, look.id());
            return;
        }
        // What a quiet condition looks like now, for health and the admin API.
        jdbc.update("UPDATE watch_conditions SET detail = ?, updated_at = ? WHERE id = ? AND state = 'OK'", detail(look), now, look.id());
        Instant since = startedAt(look.id());
        List<OffsetDateTime[]> evidence = EVENTS_LOST.equals(look.kind()) ? jdbc.query(
                "SELECT first_seen_at, last_seen_at FROM watch_conditions WHERE id = ? AND first_seen_at IS NOT NULL",
                (row, n) -> new OffsetDateTime[] {row.getObject(1, OffsetDateTime.class), row.getObject(2, OffsetDateTime.class)},
                look.id()) : List.of();
        if (since != null && jdbc.update("""
                UPDATE watch_conditions SET state = 'OK', resolved_at = ?, notified_at = NULL, detail = ?, occurrences = 0,
                    first_seen_at = CASE WHEN kind = 'silence' THEN first_seen_at END, last_seen_at = NULL, updated_at = ?
                WHERE id = ? AND state = 'FIRING' AND started_at = ?""",
                now, detail(look), now, look.id(), at(since)) == 1) {
            alert(look, "resolved", since, look.observedAt());
            // The messages seen around the time webhooks were lost are asked about at Paubox.
            evidence.forEach(window -> reconciler.openWindow("lost-events", window[0], window[1]));
        }
    }

    private Instant startedAt(String id) {
        List<OffsetDateTime> since = jdbc.query("SELECT started_at FROM watch_conditions WHERE id = ? AND state = 'FIRING'",
                (row, n) -> row.getObject(1, OffsetDateTime.class), id);
        return since.isEmpty() ? null : since.get(0).toInstant();
    }

    /** The alert, stored as an event for the sweeper to route; its key makes it once per change. */
    private void alert(Observation look, String state, Instant since, Instant time) {
        WatchAlert alert = new WatchAlert(look.kind(), look.subject(), state, since, time, detail(look), opsChannelDown(look.subject()));
        String id = "watch:" + time.toEpochMilli();
        String key = WatchAlert.EVENT_NAME + ":" + look.id() + ":" + since.toEpochMilli() + ":" + state
                + ("reminder".equals(state) ? ":" + time.toEpochMilli() : "");
        OffsetDateTime now = at(time);
        int stored = jdbc.update("""
                INSERT INTO webhook_events (event_key, event_name, paubox_message_id, status, raw_body, received_at, updated_at, source)
                SELECT ?, ?, ?, 'RECEIVED', ?, ?, ?, 'watch' WHERE NOT EXISTS (SELECT 1 FROM webhook_events WHERE event_key = ?)""",
                key, WatchAlert.EVENT_NAME, id, alert.toJson(id), now, now, key);
        if (stored == 1 && "resolved".equals(state)) {
            log.info("Receiver alert: {} resolved", look.id());
        } else if (stored == 1) {
            log.warn("Receiver alert: {} {}", look.id(), state);
        }
    }

    /**
     * For the event-router: slack or email when the alert is about the ops destination's own
     * channel failing and the other channel can carry it; empty otherwise.
     */
    public String opsChannelDown(@ExchangeProperty(Inbox.EVENT) PauboxEvent event) {
        String down = WatchAlert.of(event).opsChannelDown();
        return down == null ? "" : down;
    }

    /** slack or email when the sink is the ops destination's channel and the other one is configured; null otherwise. */
    private String opsChannelDown(String sink) {
        if (sink == null) {
            return null;
        }
        String destination = Sinks.destination(sink);
        if (Sinks.SLACK.equals(Sinks.route(sink)) && email.isConfigured(Sinks.OPS_DESTINATION)
                && Objects.equals(address(() -> slack.webhookUrl(destination)), address(() -> slack.webhookUrl(Sinks.OPS_DESTINATION)))) {
            return "slack";
        }
        if (Sinks.EMAIL.equals(Sinks.route(sink)) && slack.isConfigured(Sinks.OPS_DESTINATION)
                && Objects.equals(address(() -> email.to(destination)), address(() -> email.to(Sinks.OPS_DESTINATION)))) {
            return "email";
        }
        return null;
    }

    private static String address(java.util.function.Supplier<String> address) {
        try {
            return address.get();
        } catch (IllegalStateException none) {
            return null;
        }
    }

    /**
     * Every condition's state, for /actuator/health and GET /admin/watch: condition, subject,
     * state (ok, firing), since, last alert, detail.
     */
    public List<Map<String, Object>> report() {
        return jdbc.query("""
                SELECT id, kind, subject, state, started_at, notified_at, resolved_at, detail FROM watch_conditions ORDER BY id""",
                (row, n) -> {
                    Map<String, Object> condition = new LinkedHashMap<>();
                    condition.put("condition", row.getString(2));
                    if (row.getString(3) != null) {
                        condition.put("subject", row.getString(3));
                    }
                    condition.put("state", row.getString(4).toLowerCase());
                    put(condition, "since", row.getObject(5, OffsetDateTime.class));
                    put(condition, "lastAlertAt", row.getObject(6, OffsetDateTime.class));
                    put(condition, "resolvedAt", row.getObject(7, OffsetDateTime.class));
                    condition.put("detail", row.getString(8));
                    return condition;
                });
    }

    private static void put(Map<String, Object> map, String key, OffsetDateTime value) {
        if (value != null) {
            map.put(key, value.toInstant().toString());
        }
    }

    private Map<String, State> states() {
        Map<String, State> states = new LinkedHashMap<>();
        jdbc.query("""
                SELECT id, kind, subject, state, started_at, notified_at, occurrences, first_seen_at, last_seen_at FROM watch_conditions""",
                row -> {
                    states.put(row.getString(1), new State(row.getString(2), row.getString(3), row.getString(4),
                            row.getObject(5, OffsetDateTime.class), row.getObject(6, OffsetDateTime.class), row.getLong(7),
                            row.getObject(8, OffsetDateTime.class), row.getObject(9, OffsetDateTime.class)));
                });
        return states;
    }

    private static String detail(Observation look) {
        String detail = look.detail();
        return detail.length() <= 500 ? detail : detail.substring(0, 497) + "...";
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String ago(Instant since, Instant now) {
        return duration(Duration.between(since, now));
    }

    /** 6 h 12 min, 14 min, 40 s, 200 ms. */
    public static String duration(Duration duration) {
        if (duration.toMillis() > 0 && duration.toMillis() < 1000) {
            return duration.toMillis() + " ms";
        }
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 60) {
            return seconds + " s";
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return minutes + " min";
        }
        long hours = minutes / 60;
        return minutes % 60 == 0 ? hours + " h" : hours + " h " + minutes % 60 + " min";
    }
}
