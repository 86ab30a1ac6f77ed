package com.example.paubox.reconcile;

import com.example.paubox.delivery.ClaimOwner;
import com.example.paubox.delivery.DeliveryProperties;
import com.example.paubox.delivery.FailureClassifier;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reconciliation with Paubox's "Get message receipt" API: Paubox never retries a webhook, so for
 * each message whose last known state is not final the receiver asks Paubox what it knows, and
 * turns what it learns into events ({@code source=reconciled}) that are routed like webhooks. Their
 * event keys are the webhooks' own ({@code event_name:payload.id}, the id of the recipient's mail
 * log, which every event about that copy of the message carries), so a webhook that arrives later
 * is a duplicate. Messages to ask about:
 * <ul>
 *   <li>a soft bounce still without a delivered or hard bounce {@code paubox.reconcile.after} after it;</li>
 *   <li>every message seen within {@code paubox.reconcile.around} of a window when webhooks were
 *       answered 503, or when no receiver was running;</li>
 *   <li>any tracking id registered through {@code POST /admin/reconcile}.</li>
 * </ul>
 * A message is given up on {@code max-age} after it was first seen. At most one request per
 * {@code request-interval} per receiver; a 429 pauses every request for its {@code Retry-After};
 * the API down is retried with backoff, never fatal. The API key goes in one header of one
 * request and is never logged.
 */
@Component("reconciler")
public class Reconciler {

    /** Exchange property: the {@link Claimed} message being asked about. */
    public static final String MESSAGE = "reconcileMessage";

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TRACKING_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Pattern ANGLE_ADDRESS = Pattern.compile("<([^<>]+)>");
    private static final String DELIVERED = "api_mail_log_delivered";
    private static final String HARD_BOUNCE = "api_mail_log_permanent_failure";
    private static final String OPENED = "api_mail_log_opened";
    private static final String SOFT_BOUNCE = "api_mail_log_temporary_failure";
    /** The deliveryStatus values of Paubox's message receipt API, lower-cased. */
    private static final java.util.Set<String> DELIVERY_STATUSES = java.util.Set.of("processing",
            "tls not offered, sending via secure portal", "soft bounced", "soft bounced - mailbox full", "hard bounced",
            "internal error. please check back later.", "delivered", "delivered via secure portal");

    /** A row of {@code reconcile_messages} claimed by this receiver to ask about now. */
    public record Claimed(long id, String trackingId, String pauboxMessageId, Long eventId, OffsetDateTime firstSeenAt, int checks) {
        @Override
        public String toString() {
            return "Claimed[" + id + "]";
        }
    }

    /** What an earlier event said of one recipient's copy of the message (PHI: never logged). */
    private record Known(String id, String recipient, String sender, String headerMessageId) {
    }

    private final JdbcTemplate jdbc;
    private final ReconcileProperties properties;
    private final FailureClassifier classifier;
    private final Clock clock;
    private final String owner;
    private final Duration lease;
    private final Instant started;
    private volatile Instant pausedUntil = Instant.MIN;
    private volatile boolean saidRunning;

    public Reconciler(JdbcTemplate jdbc, ReconcileProperties properties, FailureClassifier classifier, Clock clock, ClaimOwner owner,
            DeliveryProperties delivery) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.classifier = classifier;
        this.clock = clock;
        this.owner = owner.id();
        this.lease = delivery.lease();
        this.started = clock.instant();
        String problem = properties.problem();
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
    }

    public boolean enabled() {
        return properties.enabled();
    }

    // --- Which messages to ask about ---

    /**
     * Tracking ids an operator or the sending application registers: each is asked about at once,
     * and again every {@code paubox.reconcile.every} until its recipients' states are final.
     *
     * @return how many were new (the others were registered already)
     */
    public int registerAll(List<String> trackingIds) {
        int added = 0;
        OffsetDateTime now = now();
        for (String trackingId : trackingIds) {
            added += register(trackingId, null, null, "registered", now, now);
        }
        return added;
    }

    /** Whether this is a tracking id as Paubox hands them out (a UUID, or letters, digits and dashes). */
    public static boolean isTrackingId(String value) {
        return value != null && TRACKING_ID.matcher(value).matches();
    }

    private int register(String trackingId, String pauboxMessageId, Long eventId, String reason, OffsetDateTime firstSeen,
            OffsetDateTime nextCheck) {
        OffsetDateTime now = now();
        String sameMessage = pauboxMessageId == null ? "paubox_message_id IS NULL" : "paubox_message_id = ?";
        List<Object> arguments = new ArrayList<>(List.of(trackingId));
        arguments.add(1, pauboxMessageId);
        arguments.addAll(java.util.Arrays.asList(eventId, reason, firstSeen, nextCheck, now, now, trackingId));
        if (pauboxMessageId != null) {
            arguments.add(pauboxMessageId);
        }
        try {
            return jdbc.update("""
                    INSERT INTO reconcile_messages (tracking_id, paubox_message_id, event_id, reason, status, first_seen_at,
                        next_check_at, created_at, updated_at)
                    SELECT ?, CAST(? AS VARCHAR(64)), CAST(? AS BIGINT), ?, 'PENDING', ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM reconcile_messages
                        WHERE tracking_id = ? AND %s)""".formatted(sameMessage), arguments.toArray());
        } catch (DuplicateKeyException anotherInstanceFirst) {
            return 0;
        }
    }

    /**
     * The reconcile-discover route: says this receiver runs; on its first round, opens a
     * downtime window when no other receiver was running (from the last webhook before this
     * start); registers the soft bounces still not final after {@code after}, and the messages
     * seen around every window that is {@code around} past.
     */
    public void discover() {
        if (!enabled()) {
            return;
        }
        OffsetDateTime now = now();
        if (!saidRunning) {
            Integer others = jdbc.queryForObject("SELECT COUNT(*) FROM receiver_instances WHERE owner <> ? AND seen_at > ?",
                    Integer.class, owner, now.minus(properties.discoverInterval().multipliedBy(3)));
            if (others == 0) {
                List<OffsetDateTime> last = jdbc.query(
                        "SELECT received_at FROM webhook_events WHERE source = 'webhook' AND received_at < ? ORDER BY id DESC LIMIT 1",
                        (row, n) -> row.getObject(1, OffsetDateTime.class), at(started));
                if (!last.isEmpty()) {
                    openWindow("downtime", last.get(0), at(started));
                }
            }
            jdbc.update("DELETE FROM receiver_instances WHERE seen_at < ?", now.minus(properties.maxAge()));
            jdbc.update("INSERT INTO receiver_instances (owner, started_at, seen_at) VALUES (?, ?, ?)", owner, at(started), now);
            saidRunning = true;
        } else {
            jdbc.update("UPDATE receiver_instances SET seen_at = ? WHERE owner = ?", now, owner);
        }
        registerSoftBounces(now);
        List<Object[]> due = jdbc.query("SELECT id, reason, from_at, until_at FROM reconcile_windows WHERE status = 'PENDING' AND until_at < ?",
                (row, n) -> new Object[] {row.getLong(1), row.getString(2), row.getObject(3, OffsetDateTime.class),
                    row.getObject(4, OffsetDateTime.class)}, now.minus(properties.around()));
        for (Object[] window : due) {
            if (jdbc.update("UPDATE reconcile_windows SET status = 'SCANNED', updated_at = ? WHERE id = ? AND status = 'PENDING'",
                    now, window[0]) == 1) {
                int registered = registerSeenAround((String) window[1], (OffsetDateTime) window[2], (OffsetDateTime) window[3]);
                log.info("Reconcile window={} reason={} from={} until={}: {} messages to ask Paubox about", window[0], window[1],
                        ((OffsetDateTime) window[2]).toInstant(), ((OffsetDateTime) window[3]).toInstant(), registered);
            }
        }
    }

    /**
     * Registers each soft bounce received {@code after} ago or longer (and within {@code max-age})
     * still without a delivered or hard bounce of the same mail log, walking the inbox in id order
     * from where the last round stopped (reconcile_progress): each event is looked at once. It stops
     * at the first event younger than {@code after}, so it never passes an event that is not yet
     * committed (a transaction does not stay open that long).
     */
    private void registerSoftBounces(OffsetDateTime now) {
        OffsetDateTime cutoff = now.minus(properties.after());
        List<Long> progress = jdbc.query("SELECT last_event_id FROM reconcile_progress WHERE name = 'soft-bounces'",
                (row, n) -> row.getLong(1));
        long from;
        if (progress.isEmpty()) {
            // Reconciliation just switched on: from the first event within max-age.
            Long first = jdbc.queryForObject("SELECT MIN(id) FROM webhook_events WHERE received_at > ?", Long.class,
                    now.minus(properties.maxAge()));
            from = first == null ? jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) FROM webhook_events", Long.class) : first - 1;
            try {
                jdbc.update("INSERT INTO reconcile_progress (name, last_event_id, updated_at) VALUES ('soft-bounces', ?, ?)", from, now);
            } catch (DuplicateKeyException anotherInstanceFirst) {
                return;
            }
        } else {
            from = progress.get(0);
        }
        long last = from;
        int registered = 0;
        for (int batch = 0; batch < 20; batch++) {
            List<Object[]> rows = jdbc.query("""
                    SELECT id, event_name, source, received_at FROM webhook_events WHERE id > ? ORDER BY id LIMIT 1000""",
                    (row, n) -> new Object[] {row.getLong(1), row.getString(2), row.getString(3), row.getObject(4, OffsetDateTime.class)},
                    last);
            boolean reachedRecent = false;
            List<Long> softBounces = new ArrayList<>();
            for (Object[] row : rows) {
                if (!((OffsetDateTime) row[3]).isBefore(cutoff)) {
                    reachedRecent = true;
                    break;
                }
                last = (Long) row[0];
                if (SOFT_BOUNCE.equals(row[1]) && "webhook".equals(row[2])) {
                    softBounces.add(last);
                }
            }
            for (Long id : softBounces) {
                registered += registerIfNotFinal(id, "soft-bounce");
            }
            if (reachedRecent || rows.size() < 1000) {
                break;
            }
        }
        if (last != from) {
            jdbc.update("UPDATE reconcile_progress SET last_event_id = ?, updated_at = ? WHERE name = 'soft-bounces' AND last_event_id < ?",
                    last, now, last);
        }
        if (registered > 0) {
            log.info("Reconcile: {} soft bounces without a final state after {} to ask Paubox about", registered, properties.after());
        }
    }

    /** Registers the stored event's message, unless a delivered or hard bounce of its mail log is there. */
    private int registerIfNotFinal(long eventId, String reason) {
        List<Object[]> event = jdbc.query("SELECT paubox_message_id, raw_body, received_at FROM webhook_events WHERE id = ?",
                (row, n) -> new Object[] {row.getString(1), row.getString(2), row.getObject(3, OffsetDateTime.class)}, eventId);
        if (event.isEmpty() || finalKnown((String) event.get(0)[0])) {
            return 0;
        }
        String trackingId = trackingId((String) event.get(0)[1]);
        return trackingId == null ? 0
                : register(trackingId, (String) event.get(0)[0], eventId, reason, (OffsetDateTime) event.get(0)[2], now());
    }

    /** A window whose messages are to be asked about, once it is {@code around} past. */
    public void openWindow(String reason, OffsetDateTime from, OffsetDateTime until) {
        OffsetDateTime now = now();
        jdbc.update("INSERT INTO reconcile_windows (reason, from_at, until_at, status, created_at, updated_at) VALUES (?, ?, ?, 'PENDING', ?, ?)",
                reason, from, until, now, now);
    }

    /** Each webhook seen within {@code around} of the window, of a copy whose state is not final yet. */
    private int registerSeenAround(String reason, OffsetDateTime from, OffsetDateTime until) {
        List<Long> seen = jdbc.query("SELECT id FROM webhook_events WHERE source = 'webhook' AND received_at BETWEEN ? AND ? ORDER BY id",
                (row, n) -> row.getLong(1), from.minus(properties.around()), until.plus(properties.around()));
        int registered = 0;
        for (Long id : seen) {
            registered += registerIfNotFinal(id, reason);
        }
        return registered;
    }

    // --- Asking ---

    /**
     * Claims the next message due, for the paubox-reconcile route; false when none is due, while
     * a 429 or a refused key pauses the requests, or while reconciliation is off. A message whose
     * final state arrived by webhook meanwhile is done without asking; one past max-age is given up.
     */
    public boolean next(Exchange exchange) {
        if (!enabled() || clock.instant().isBefore(pausedUntil)) {
            return false;
        }
        for (int tries = 0; tries < 20; tries++) {
            OffsetDateTime now = now();
            List<Claimed> candidates = jdbc.query("""
                    SELECT id, tracking_id, paubox_message_id, event_id, first_seen_at, checks FROM reconcile_messages
                    WHERE (status = 'PENDING' AND next_check_at <= ?) OR (status = 'ASKING' AND lease_expires_at < ?)
                    ORDER BY next_check_at LIMIT 1""",
                    (row, n) -> new Claimed(row.getLong(1), row.getString(2), row.getString(3), (Long) row.getObject(4),
                            row.getObject(5, OffsetDateTime.class), row.getInt(6) + 1), now, now);
            if (candidates.isEmpty()) {
                return false;
            }
            Claimed message = candidates.get(0);
            if (jdbc.update("""
                    UPDATE reconcile_messages SET status = 'ASKING', claimed_by = ?, lease_expires_at = ?, checks = checks + 1, updated_at = ?
                    WHERE id = ? AND ((status = 'PENDING' AND next_check_at <= ?) OR (status = 'ASKING' AND lease_expires_at < ?))""",
                    owner, now.plus(lease), now, message.id(), now, now) == 0) {
                continue; // another receiver took it
            }
            if (message.pauboxMessageId() != null && finalKnown(message.pauboxMessageId())) {
                finish(message, "DONE", "final state arrived by webhook", null);
                continue;
            }
            if (pastMaxAge(message)) {
                finish(message, "GAVE_UP", "no final state after " + properties.maxAge(), null);
                continue;
            }
            exchange.setProperty(MESSAGE, message);
            return true;
        }
        return false;
    }

    /** The {@code Authorization} header Paubox asks for. A secret: it goes in this request's header only. */
    public String authorization() {
        return "Token token=" + properties.apiKey().trim();
    }

    /** The query string of the request: {@code sourceTrackingId=<id>}. */
    public String query(@ExchangeProperty(MESSAGE) Claimed message) {
        return "sourceTrackingId=" + URLEncoder.encode(message.trackingId(), StandardCharsets.UTF_8);
    }

    /**
     * Paubox's answer: for the recipient an earlier event named (or for every recipient of a
     * registered message), a hard bounce or a delivery becomes an event, as does an open; a
     * message whose states are all final is done, the others are asked about again later.
     */
    public void learn(Exchange exchange) throws Exception {
        Claimed message = exchange.getProperty(MESSAGE, Claimed.class);
        JsonNode receipt = JSON.readTree(exchange.getMessage().getBody(String.class));
        JsonNode data = receipt.path("data").path("message");
        String headerMessageId = data.path("id").isTextual() ? data.path("id").asText() : null;
        List<JsonNode> recipients = new ArrayList<>();
        data.path("message_deliveries").forEach(recipients::add);
        Known known = message.eventId() != null ? known(message.eventId()) : null;
        List<JsonNode> considered = recipients;
        if (known != null) {
            List<JsonNode> same = recipients.stream().filter(r -> known.recipient() != null
                    && known.recipient().equals(address(r.path("recipient").asText(null)))).toList();
            considered = same.isEmpty() && recipients.size() == 1 ? recipients : same;
        }
        if (considered.isEmpty()) {
            again(message, recipients.isEmpty() ? "no recipient in the answer" : "the event's recipient is not in the answer");
            return;
        }
        boolean allFinal = true;
        List<String> states = new ArrayList<>();
        int stored = 0;
        for (JsonNode recipient : considered) {
            String address = address(recipient.path("recipient").asText(null));
            if (address == null) {
                continue;
            }
            boolean matched = known != null && (address.equals(known.recipient()) || considered.size() == 1 && recipients.size() == 1);
            String id = matched ? known.id() : syntheticId(message.trackingId(), address);
            String sender = matched ? known.sender() : null;
            String header = headerMessageId != null ? headerMessageId : matched ? known.headerMessageId() : null;
            JsonNode status = recipient.path("status");
            String delivery = status.path("deliveryStatus").asText("").toLowerCase(Locale.ROOT);
            // Logged and stored: only the words Paubox documents, never free text from its answer.
            states.add(DELIVERY_STATUSES.contains(delivery) ? delivery : delivery.isEmpty() ? "(no status)" : "(other status)");
            if (delivery.startsWith("hard bounced")) {
                stored += store(message, HARD_BOUNCE, id, address, sender, header, time(status.path("deliveryTime").asText(null)));
            } else if (delivery.startsWith("delivered")) {
                stored += store(message, DELIVERED, id, address, sender, header, time(status.path("deliveryTime").asText(null)));
            } else {
                allFinal = false;
            }
            if ("opened".equalsIgnoreCase(status.path("openedStatus").asText(""))) {
                stored += store(message, OPENED, id, address, sender, header, time(status.path("openedTime").asText(null)));
            }
        }
        String result = String.join(", ", states.stream().distinct().toList());
        log.info("Reconcile message={} check={} outcome={} paubox-says=\"{}\" new-events={}", message.id(), message.checks(),
                allFinal ? "done" : "not-final", result, stored);
        if (allFinal) {
            finish(message, "DONE", result, null);
        } else {
            again(message, result);
        }
    }

    /**
     * The request failed: a 429 pauses every request for its Retry-After (60 s when it gives none)
     * and the message keeps its turn; a refused key (401, 403) pauses them for 10 minutes; a 404
     * (Paubox does not know the id, or not yet) asks again after {@code every}; anything else
     * (the API down, a 5xx, a timeout) is retried with backoff. Never thrown: the round goes on.
     */
    public void failed(Exchange exchange) {
        Claimed message = exchange.getProperty(MESSAGE, Claimed.class);
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        FailureClassifier.Failure failure = classifier.classify(error);
        int status = error instanceof HttpOperationFailedException http ? http.getStatusCode() : 0;
        Duration wait;
        if (status == 429) {
            Duration pause = failure.retryAfter() != null ? failure.retryAfter() : Duration.ofSeconds(60);
            pausedUntil = clock.instant().plus(pause);
            wait = Duration.ZERO;
            log.warn("Reconcile: Paubox answered 429, no request for {} s", pause.toSeconds());
        } else if (status == 401 || status == 403) {
            pausedUntil = clock.instant().plus(Duration.ofMinutes(10));
            wait = Duration.ZERO;
            log.warn("Reconcile: Paubox refused the credentials (HTTP {}): check PAUBOX_API_USERNAME and PAUBOX_API_KEY;"
                    + " no request for 10 min", status);
        } else if (status == 404) {
            wait = properties.every();
        } else {
            long backoff = 30L << Math.min(10, Math.max(0, message.checks() - 1));
            wait = Duration.ofSeconds(backoff).compareTo(properties.every()) < 0 ? Duration.ofSeconds(backoff) : properties.every();
        }
        log.warn("Reconcile message={} check={} outcome=failed error={} next-in={}s", message.id(), message.checks(),
                status == 404 ? "HTTP 404 (not known to Paubox yet)" : failure.description(), wait.toSeconds());
        if (pastMaxAge(message)) {
            finish(message, "GAVE_UP", failure.description(), null);
        } else {
            finish(message, "PENDING", status == 404 ? "HTTP 404" : failure.description(), now().plus(wait));
        }
    }

    private void again(Claimed message, String result) {
        if (pastMaxAge(message)) {
            finish(message, "GAVE_UP", result, null);
        } else {
            finish(message, "PENDING", result, now().plus(properties.every()));
        }
    }

    private void finish(Claimed message, String status, String result, OffsetDateTime nextCheck) {
        String shown = result.length() <= 200 ? result : result.substring(0, 197) + "...";
        jdbc.update("""
                UPDATE reconcile_messages SET status = ?, last_result = ?, next_check_at = COALESCE(?, next_check_at), claimed_by = NULL,
                    lease_expires_at = NULL, updated_at = ?
                WHERE id = ? AND status = 'ASKING' AND claimed_by = ?""", status, shown, nextCheck, now(), message.id(), owner);
    }

    private boolean pastMaxAge(Claimed message) {
        return message.firstSeenAt().plus(properties.maxAge()).isBefore(now());
    }

    private boolean finalKnown(String pauboxMessageId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM webhook_events WHERE event_key IN (?, ?)", Integer.class,
                DELIVERED + ":" + pauboxMessageId, HARD_BOUNCE + ":" + pauboxMessageId) > 0;
    }

    /**
     * Stores what Paubox said as an event, routed like a webhook; nothing when an event with its
     * key is there already (the webhook came after all).
     *
     * @return 1 when stored, 0 when it was known
     */
    private int store(Claimed message, String eventName, String id, String recipient, String sender, String headerMessageId,
            OffsetDateTime time) {
        String key = eventName + ":" + id;
        ObjectNode root = JSON.createObjectNode().put("event_name", eventName);
        ObjectNode payload = root.putObject("payload");
        if (id.chars().allMatch(Character::isDigit) && id.length() < 19) {
            payload.put("id", Long.parseLong(id));
        } else {
            payload.put("id", id);
        }
        payload.put("source_tracking_id", message.trackingId()).put("header_message_id", headerMessageId)
                .put("time", (time != null ? time : now()).toInstant().toString()).put("from", sender).put("to", recipient);
        root.put("reconciled", "paubox message receipt");
        OffsetDateTime now = now();
        try {
            int stored = jdbc.update("""
                    INSERT INTO webhook_events (event_key, event_name, paubox_message_id, status, raw_body, received_at, updated_at, source)
                    SELECT ?, ?, ?, 'RECEIVED', ?, ?, ?, 'reconciled' WHERE NOT EXISTS (SELECT 1 FROM webhook_events WHERE event_key = ?)""",
                    key, eventName, id, root.toString(), now, now, key);
            if (stored == 1) {
                log.info("Reconcile message={} learnt kind={}: stored for routing (source=reconciled)", message.id(), eventName);
            }
            return stored;
        } catch (DuplicateKeyException webhookAtTheSameMoment) {
            return 0;
        }
    }

    private Known known(long eventId) {
        List<String> body = jdbc.query("SELECT raw_body FROM webhook_events WHERE id = ?", (row, n) -> row.getString(1), eventId);
        if (body.isEmpty()) {
            return null;
        }
        try {
            JsonNode payload = JSON.readTree(body.get(0)).path("payload");
            JsonNode id = payload.path("id");
            return new Known(id.isNumber() ? Long.toString(id.asLong()) : id.asText(), address(payload.path("to").asText(null)),
                    address(payload.path("from").asText(null)), payload.path("header_message_id").asText(null));
        } catch (Exception unreadable) {
            return null;
        }
    }

    /** The {@code payload.source_tracking_id} of a stored body, or null. */
    static String trackingId(String rawBody) {
        try {
            String id = JSON.readTree(rawBody).path("payload").path("source_tracking_id").asText(null);
            return isTrackingId(id) ? id : null;
        } catch (Exception unreadable) {
            return null;
        }
    }

    /** {@code jane@x.org} from {@code Jane <Jane@X.org>} or {@code jane@x.org}, lower-cased. */
    static String address(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Matcher angle = ANGLE_ADDRESS.matcher(value);
        return (angle.find() ? angle.group(1) : value).trim().toLowerCase(Locale.ROOT);
    }

    /**
     * The id of a reconciled event about a recipient no event named: the tracking id and a digest
     * of the address (Paubox's receipt does not give the mail log's id). A webhook for it later
     * has another key, and is routed as well.
     */
    static String syntheticId(String trackingId, String recipient) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((trackingId + "\n" + recipient).getBytes(StandardCharsets.UTF_8));
            return trackingId + ":" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Paubox's times: {@code Mon, 23 Apr 2018 13:27:34 -0700}, or ISO-8601; null when absent or unreadable. */
    static OffsetDateTime time(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
        } catch (DateTimeParseException notRfc1123) {
            try {
                return OffsetDateTime.parse(value.trim());
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }

    /**
     * The messages being reconciled, newest first, for GET /admin/reconcile: tracking id, reason,
     * state, checks, next check and what Paubox last said. No address.
     */
    public List<java.util.Map<String, Object>> report(String status, int size) {
        String which = status == null ? "" : "WHERE status = ? ";
        Object[] arguments = status == null ? new Object[0] : new Object[] {status};
        return jdbc.query("""
                SELECT id, tracking_id, paubox_message_id, event_id, reason, status, checks, first_seen_at, next_check_at, last_result
                FROM reconcile_messages %sORDER BY id DESC LIMIT %d""".formatted(which, size), (row, n) -> {
                    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
                    m.put("id", row.getLong(1));
                    m.put("sourceTrackingId", row.getString(2));
                    m.put("pauboxMessageId", row.getString(3));
                    m.put("eventId", row.getObject(4));
                    m.put("reason", row.getString(5));
                    m.put("status", row.getString(6));
                    m.put("checks", row.getInt(7));
                    m.put("firstSeenAt", row.getObject(8, OffsetDateTime.class).toInstant().toString());
                    m.put("nextCheckAt", row.getObject(9, OffsetDateTime.class).toInstant().toString());
                    m.put("lastResult", row.getString(10));
                    return m;
                }, arguments);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
