package com.example.paubox.inbox;

import com.example.paubox.delivery.ClaimOwner;
import com.example.paubox.delivery.DeliveryProperties;
import com.example.paubox.intake.PauboxEventParser;
import com.example.paubox.system.ReceiverMetrics;
import jakarta.annotation.PreDestroy;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/**
 * The {@code webhook_events} table: every accepted webhook is written here before it is answered,
 * at most once per event key, and handed to the dispatcher from here.
 */
@Component("inbox")
public class Inbox {

    /** Exchange property: the inbox id of the event being handled. */
    public static final String EVENT_ID = "eventId";
    /** Exchange property: the {@link PauboxEvent} being dispatched. */
    public static final String EVENT = "event";
    /** Exchange property set by {@link #store}: {@code accepted} or {@code duplicate}. */
    public static final String OUTCOME = "inboxOutcome";

    private static final String INSERT = """
            INSERT INTO webhook_events (event_key, event_name, paubox_message_id, status, raw_body, received_at, updated_at)
            VALUES (?, ?, ?, 'RECEIVED', ?, ?, ?)""";
    private static final String FIND_BY_KEY = "SELECT id FROM webhook_events WHERE event_key = ?";

    private final JdbcTemplate jdbc;
    private final PauboxEventParser parser;
    private final DeliveryProperties properties;
    private final String owner;
    private final ReceiverMetrics metrics;
    private final Clock clock;
    private final boolean storeEvents;
    private final AtomicLong unstoredIds = new AtomicLong();

    public Inbox(JdbcTemplate jdbc, PauboxEventParser parser, DeliveryProperties properties, ClaimOwner owner,
            ReceiverMetrics metrics, Clock clock, @Value("${paubox.benchmark.store-events:true}") boolean storeEvents) {
        this.storeEvents = storeEvents;
        if (!storeEvents) {
            LoggerFactory.getLogger(Inbox.class).warn("paubox.benchmark.store-events=false: events are NOT stored."
                    + " Benchmark-only setting (it measures the HTTP ceiling); never use it with real traffic");
        }
        this.jdbc = jdbc;
        this.metrics = metrics;
        this.parser = parser;
        this.properties = properties;
        this.owner = owner.id();
        this.clock = clock;
    }

    /**
     * Stores the {@link PauboxEvent} in the body unless its key is already there. Sets the
     * {@link #EVENT_ID} and {@link #OUTCOME} properties and puts the event, with its id, back as
     * the body. A database failure propagates: the caller must not answer 2xx then.
     */
    public void store(Exchange exchange) {
        Message message = exchange.getMessage();
        PauboxEvent event = message.getBody(PauboxEvent.class);
        long id;
        String outcome;
        if (!storeEvents) {
            exchange.setProperty(EVENT_ID, unstoredIds.incrementAndGet());
            exchange.setProperty(OUTCOME, "unstored");
            return;
        }
        try {
            id = insert(event);
            outcome = "accepted";
        } catch (DuplicateKeyException alreadyStored) {
            id = jdbc.queryForObject(FIND_BY_KEY, Long.class, event.eventKey());
            outcome = "duplicate";
        }
        exchange.setProperty(EVENT_ID, id);
        exchange.setProperty(OUTCOME, outcome);
        message.setBody(event.withEventId(id));
        metrics.webhook(event.eventName(), outcome);
    }

    /**
     * Replaces the headers with the fields of the event being dispatched, for the router's
     * {@code choice} and the sinks' SQL parameters: {@code eventId}, {@code eventName},
     * {@code pauboxMessageId}, {@code recipient}, {@code sender}, {@code eventTime}. The event is
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
    }

    /**
     * Claims the event in the body for routing, with a lease: true for exactly one of several
     * threads or instances offering the same event, and again once a dead claimant's lease ran out.
     */
    public boolean claimRouting(Exchange exchange) throws InvalidPayloadException {
        PauboxEvent event = exchange.getMessage().getMandatoryBody(PauboxEvent.class);
        OffsetDateTime now = OffsetDateTime.now(clock);
        return jdbc.update("""
                UPDATE webhook_events SET status = 'ROUTING', claimed_by = ?, lease_expires_at = ?, updated_at = ?
                WHERE id = ? AND (status = 'RECEIVED' OR (status = 'ROUTING' AND lease_expires_at < ?))""",
                owner, now.plus(properties.lease()), now, event.eventId(), now) == 1;
    }

    /**
     * Ends routing: the event is DISPATCHED, unless the router parked it as UNROUTED. The
     * {@code claimed_by} column keeps the instance that routed it.
     */
    public void routed(Exchange exchange) {
        jdbc.update("""
                UPDATE webhook_events SET status = 'DISPATCHED', lease_expires_at = NULL, updated_at = ?
                WHERE id = ? AND status = 'ROUTING' AND claimed_by = ?""",
                OffsetDateTime.now(clock), exchange.getProperty(EVENT_ID, Long.class), owner);
    }

    /**
     * Events the fast path left behind: still RECEIVED well after they arrived (the process died
     * before routing them), or ROUTING under a lease that ran out.
     */
    public List<PauboxEvent> leftBehind(int limit) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<Long> ids = jdbc.queryForList("""
                SELECT id FROM webhook_events
                WHERE (status = 'RECEIVED' AND received_at < ?) OR (status = 'ROUTING' AND lease_expires_at < ?)
                ORDER BY id LIMIT %d""".formatted(limit), Long.class, now.minus(properties.sweepAfter()), now);
        return ids.stream().map(this::load).toList();
    }

    /** The stored event with this id, read again from its raw body. */
    public PauboxEvent load(long id) {
        String raw = jdbc.queryForObject("SELECT raw_body FROM webhook_events WHERE id = ?", String.class, id);
        return parser.parse(raw.getBytes(StandardCharsets.UTF_8)).withEventId(id);
    }

    /** On shutdown: events this process was still routing go back to RECEIVED for the sweeper. */
    @PreDestroy
    public void releaseClaims() {
        jdbc.update("""
                UPDATE webhook_events SET status = 'RECEIVED', claimed_by = NULL, lease_expires_at = NULL
                WHERE status = 'ROUTING' AND claimed_by = ?""", owner);
    }

    private long insert(PauboxEvent event) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            PreparedStatement insert = connection.prepareStatement(INSERT, new String[] {"id"});
            insert.setString(1, event.eventKey());
            insert.setString(2, event.eventName());
            insert.setString(3, event.pauboxMessageId());
            insert.setString(4, event.rawBody());
            insert.setObject(5, now);
            insert.setObject(6, now);
            return insert;
        }, key);
        return key.getKeyAs(Number.class).longValue();
    }
}
