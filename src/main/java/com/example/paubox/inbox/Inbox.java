package com.example.paubox.inbox;

import com.example.paubox.delivery.BookkeepingWriter;
import com.example.paubox.delivery.ClaimOwner;
import com.example.paubox.delivery.DeliveryProperties;
import com.example.paubox.intake.PauboxEventParser;
import com.example.paubox.notify.RecipientMasking;
import com.example.paubox.system.ReceiverMetrics;
import jakarta.annotation.PreDestroy;
import java.nio.charset.StandardCharsets;
import java.sql.Statement;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code webhook_events} table: every accepted webhook is written here before it is answered,
 * at most once per event key, and handed to the dispatcher from here.
 */
@Component("inbox")
public class Inbox {

    private static final Logger log = LoggerFactory.getLogger(Inbox.class);

    /** Exchange property: the inbox id of the event being handled. */
    public static final String EVENT_ID = "eventId";
    /** Exchange property: the {@link PauboxEvent} being dispatched. */
    public static final String EVENT = "event";
    /**
     * Exchange property read by {@link #store}: false to store the event for the sweeper rather
     * than claimed for routing at once (the intake is busy). Unset means true.
     */
    public static final String ROUTE_NOW = "routeNow";
    /**
     * Exchange property set by {@link #store}: the event's {@code event_name}, a validated short
     * identifier, for log lines. (A route expression such as {@code ${body.eventName}} would make
     * Camel cache method lookups keyed by the event object itself, keeping PHI in memory.)
     */
    public static final String KIND = "eventKind";
    /** Exchange property set by {@link #store}: {@code accepted} or {@code duplicate}. */
    public static final String OUTCOME = "inboxOutcome";
    /** Exchange property set by {@link #store}: milliseconds from the request reaching the route to its row committed. */
    public static final String STORED_AFTER = "storedAfterMillis";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    /** Routing claims and marks are written with other threads' in shared commits. */
    private final BookkeepingWriter writes;
    private final PauboxEventParser parser;
    private final DeliveryProperties properties;
    private final String owner;
    private final ReceiverMetrics metrics;
    private final Clock clock;
    private final InboxProperties.Write write;
    private final InboxWriter writer;
    private final AtomicLong unstoredIds = new AtomicLong();

    public Inbox(JdbcTemplate jdbc, BookkeepingWriter writes, TransactionTemplate transaction, PauboxEventParser parser, DeliveryProperties properties,
            InboxProperties inboxProperties, ClaimOwner owner, ReceiverMetrics metrics, Clock clock) {
        this.write = inboxProperties.write();
        if (write != InboxProperties.Write.GROUP_COMMIT) {
            LoggerFactory.getLogger(Inbox.class).warn("paubox.inbox.write={}: a benchmark-only setting{}", write,
                    write == InboxProperties.Write.OFF ? "; events are NOT stored, never use it with real traffic" : "");
        }
        this.writer = new InboxWriter(jdbc, owner.id(), properties.lease(), clock, metrics, inboxProperties);
        this.writer.start();
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.writes = writes;
        this.metrics = metrics;
        this.parser = parser;
        this.properties = properties;
        this.owner = owner.id();
        this.clock = clock;
    }

    /**
     * Stores the {@link PauboxEvent} in the body unless its key is already there: claimed for
     * routing by this instance, or for the sweeper when the {@link #ROUTE_NOW} property is false.
     * Sets the {@link #EVENT_ID}, {@link #OUTCOME} and {@link #STORED_AFTER} properties and puts
     * the event, with its id, back as the body. Returns once the row is committed; a database
     * failure propagates, and the caller must not answer 2xx then.
     */
    public void store(Exchange exchange) {
        Message message = exchange.getMessage();
        PauboxEvent event = message.getBody(PauboxEvent.class);
        exchange.setProperty(KIND, event.eventName());
        OffsetDateTime now = OffsetDateTime.now(clock);
        boolean claim = !Boolean.FALSE.equals(exchange.getProperty(ROUTE_NOW, Boolean.class));
        InboxWriter.Stored stored = switch (write) {
            case GROUP_COMMIT -> writer.write(event, claim, now);
            case PER_REQUEST -> writer.writeAlone(event, claim, now);
            case OFF -> null;
        };
        if (stored == null) {
            exchange.setProperty(EVENT_ID, unstoredIds.incrementAndGet());
            exchange.setProperty(OUTCOME, "unstored");
            return;
        }
        String outcome = stored.duplicate() ? "duplicate" : "accepted";
        exchange.setProperty(EVENT_ID, stored.id());
        exchange.setProperty(OUTCOME, outcome);
        exchange.setProperty(STORED_AFTER, exchange.getClock().elapsed());
        // A duplicate is not routed again; when its first copy arrived is not read for it.
        message.setBody(event.stored(stored.id(), stored.duplicate() ? null : now));
        metrics.webhook(event.eventName(), outcome);
    }

    /**
     * Replaces the headers with the fields of the event being dispatched, for the router's
     * {@code choice} and the sinks' SQL parameters and messages: {@code eventId}, {@code eventName},
     * {@code pauboxMessageId}, {@code recipient}, {@code sender}, {@code eventTime} and, fit for any
     * message (masked, and made of safe characters only), {@code senderDomain},
     * {@code recipientDomain}, {@code maskedRecipient}. The event is
     * the {@link #EVENT} property, or the body when the dispatch begins.
     */
    public void toHeaders(Exchange exchange) throws InvalidPayloadException {
        Message message = exchange.getMessage();
        PauboxEvent event = exchange.getProperty(EVENT, PauboxEvent.class);
        if (event == null) {
            event = message.getMandatoryBody(PauboxEvent.class);
            exchange.setProperty(EVENT, event);
        }
        message.removeHeaders("*");
        exchange.setProperty(EVENT_ID, event.eventId());
        message.setHeader("eventId", event.eventId());
        message.setHeader("eventName", event.eventName());
        message.setHeader("pauboxMessageId", event.pauboxMessageId());
        message.setHeader("recipient", event.recipient());
        message.setHeader("sender", event.sender());
        message.setHeader("eventTime", event.eventTime() != null ? event.eventTime() : OffsetDateTime.now(clock));
        // For any sink's message: only characters that are safe inside JSON, HTML or Slack text.
        message.setHeader("senderDomain", RecipientMasking.plain(RecipientMasking.domain(event.sender())));
        message.setHeader("recipientDomain", RecipientMasking.plain(RecipientMasking.domain(event.recipient())));
        message.setHeader("maskedRecipient", RecipientMasking.plain(RecipientMasking.mask(event.recipient())));
    }

    /**
     * Gives back this instance's routing claim on the event in the body (stored as claimed, but
     * not handed to the dispatcher): the sweeper routes it.
     */
    public void releaseClaim(Exchange exchange) throws InvalidPayloadException {
        PauboxEvent event = exchange.getMessage().getMandatoryBody(PauboxEvent.class);
        writes.update("""
                UPDATE webhook_events SET status = 'RECEIVED', claimed_by = NULL, lease_expires_at = NULL
                WHERE id = ? AND status = 'ROUTING' AND claimed_by = ?""", event.eventId(), owner);
    }

    /**
     * Ends routing: the event is DISPATCHED, unless the router parked it as UNROUTED. The
     * {@code claimed_by} column keeps the instance that routed it. Not waited for: its deliveries
     * are open (committed) already, and go on meanwhile. Should it not be written, the claim runs
     * out and the sweeper routes the event again, which sends nothing the deliveries table has
     * seen delivered or being delivered.
     */
    public void routed(Exchange exchange) {
        Long eventId = exchange.getProperty(EVENT_ID, Long.class);
        writes.submit("""
                UPDATE webhook_events SET status = 'DISPATCHED', lease_expires_at = NULL, updated_at = ?
                WHERE id = ? AND status = 'ROUTING' AND claimed_by = ?""",
                OffsetDateTime.now(clock), eventId, owner)
                .whenComplete((count, failed) -> {
                    if (failed != null) {
                        log.warn("Routing event={} not marked dispatched ({}): routed again once its claim runs out",
                                eventId, failed.getClass().getName());
                    }
                });
    }

    /**
     * Claims, for routing by this instance, up to {@code limit} of the events the fast path left
     * behind, oldest first, and returns them: RECEIVED ones (no one is routing them: the dispatch
     * threads were full, or a process gave its claims back on shutdown), and ROUTING ones whose
     * lease ran out (the process routing them died). Each is claimed by a statement that checks
     * it is still unclaimed; an event another instance claimed in between is not returned.
     */
    public List<PauboxEvent> claimLeftBehind(int limit) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<PauboxEvent> candidates = jdbc.query("""
                SELECT id, raw_body, received_at FROM webhook_events
                WHERE status = 'RECEIVED' OR (status = 'ROUTING' AND lease_expires_at < ?)
                ORDER BY id LIMIT %d""".formatted(limit),
                (row, n) -> parse(row.getLong(1), row.getString(2), row.getObject(3, OffsetDateTime.class)), now);
        if (candidates.isEmpty()) {
            return List.of();
        }
        // One statement per row, by primary key, in one batch and one commit. (One statement
        // with an IN list made PostgreSQL intersect it with the status index, whose entries for
        // every event routed since the last vacuum it read each time: 35 ms a look in a drain.)
        OffsetDateTime leaseEnd = now.plus(properties.lease());
        int[] claimed = transaction.execute(status -> jdbc.batchUpdate("""
                UPDATE webhook_events SET status = 'ROUTING', claimed_by = ?, lease_expires_at = ?, updated_at = ?
                WHERE id = ? AND (status = 'RECEIVED' OR (status = 'ROUTING' AND lease_expires_at < ?))""",
                candidates.stream().map(event -> new Object[] {owner, leaseEnd, now, event.eventId(), now}).toList()));
        List<PauboxEvent> mine = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            if (claimed[i] == Statement.SUCCESS_NO_INFO) {
                throw new IllegalStateException("The JDBC driver did not report which events were claimed");
            }
            // 0: another instance claimed it in between.
            if (claimed[i] > 0) {
                mine.add(candidates.get(i));
            }
        }
        return mine;
    }

    /** For the sweeper's scheduler: whether a look found nothing to route. */
    public boolean nothingLeft(@Body List<PauboxEvent> events) {
        return events.isEmpty();
    }

    /**
     * A row of webhook_events as the operators' views (admin API, console) show it: its columns
     * but {@code raw_body}, and {@code recipient} masked ({@code j***@example.com}) from that body,
     * or {@code (unreadable)} when the body cannot be read back. The row must hold {@code id} and
     * {@code raw_body}.
     */
    public Map<String, Object> withMaskedRecipient(Map<String, Object> row) {
        Map<String, Object> shown = new LinkedHashMap<>(row);
        String rawBody = (String) shown.remove("raw_body");
        try {
            shown.put("recipient", RecipientMasking.mask(parse(((Number) row.get("id")).longValue(), rawBody, null).recipient()));
        } catch (RuntimeException unreadable) {
            shown.put("recipient", "(unreadable)");
        }
        return shown;
    }

    /** The stored event with this id, read again from its raw body. */
    public PauboxEvent load(long id) {
        return jdbc.queryForObject("SELECT raw_body, received_at FROM webhook_events WHERE id = ?",
                (row, n) -> parse(id, row.getString(1), row.getObject(2, OffsetDateTime.class)), id);
    }

    /** A stored event from its {@code webhook_events} row's id, raw body and arrival (for reads that join the inbox). */
    public PauboxEvent parse(long id, String rawBody, OffsetDateTime receivedAt) {
        return parser.parse(rawBody.getBytes(StandardCharsets.UTF_8)).stored(id, receivedAt);
    }

    /**
     * On shutdown, once the web server has stopped taking requests: writes the webhooks still
     * queued, then hands the events this process was still routing back to the sweeper.
     */
    @PreDestroy
    public void shutdown() throws InterruptedException {
        writer.stop();
        releaseClaims();
    }

    /** Events this process was still routing go back to RECEIVED for the sweeper. */
    public void releaseClaims() {
        jdbc.update("""
                UPDATE webhook_events SET status = 'RECEIVED', claimed_by = NULL, lease_expires_at = NULL
                WHERE status = 'ROUTING' AND claimed_by = ?""", owner);
    }
}
