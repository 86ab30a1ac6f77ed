package com.example.paubox.bench.baseline;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Benchmark-only. Does the work the receiver does on a webhook before storing it (token check,
 * strict UTF-8 decoding, JSON tree parsing and validation), written as a plain controller. Stores
 * nothing by default; with {@code BASELINE_STORE=jdbc} it is the receiver a user would write by
 * hand: one {@code JdbcTemplate} insert per request (autocommit, Hikari defaults) before the
 * answer, a duplicate answered as such by the unique key, 503 when the database fails. No
 * per-request logging.
 */
@RestController
public class WebhookController {

    private static final Pattern EVENT_NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");
    private static final Pattern STRING_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final String BEARER = "Bearer ";

    private static final String UNAUTHORIZED = "{\"status\":\"unauthorized\"}";
    private static final String REJECTED = "{\"status\":\"rejected\"}";

    private final ObjectMapper mapper;
    private final List<byte[]> tokenDigests;
    private final AtomicLong ids = new AtomicLong();
    private final JdbcTemplate jdbc;

    public WebhookController(@Value("${paubox.webhook.token:}") String token, ObjectProvider<JdbcTemplate> jdbc) {
        this.jdbc = jdbc.getIfAvailable();
        JsonFactory factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build())
                .build();
        this.mapper = new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        // As the receiver: comma-separated tokens, each compared as a SHA-256 digest of its UTF-8 bytes.
        this.tokenDigests = Arrays.stream(token.split(","))
                .map(String::trim)
                .filter(t -> !t.isEmpty())
                .map(WebhookController::sha256)
                .toList();
    }

    @PostMapping(path = "/webhooks/paubox", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<String> receive(
            @RequestBody(required = false) byte[] body,
            @RequestParam(name = "token", required = false) String queryToken,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        if (!authentic(authorization, queryToken)) {
            return json(401, UNAUTHORIZED);
        }
        JsonNode event = parse(body);
        if (event == null) {
            return json(400, REJECTED);
        }
        if (jdbc == null) {
            return json(200, "{\"status\":\"accepted\",\"eventId\":" + ids.incrementAndGet() + "}");
        }
        return store(event, new String(body, StandardCharsets.UTF_8));
    }

    /** One insert, committed before the answer; the unique key makes a second copy a duplicate. */
    private ResponseEntity<String> store(JsonNode event, String rawBody) {
        String eventName = event.get("event_name").textValue();
        String messageId = event.get("payload").get("id").asText();
        String key = eventName + ":" + messageId;
        try {
            Long id = jdbc.queryForObject("""
                    INSERT INTO baseline_events (event_key, event_name, paubox_message_id, status, raw_body, received_at, updated_at)
                    VALUES (?, ?, ?, 'RECEIVED', ?, now(), now()) RETURNING id""", Long.class, key, eventName, messageId, rawBody);
            return json(200, "{\"status\":\"accepted\",\"eventId\":" + id + "}");
        } catch (DuplicateKeyException duplicate) {
            Long id = jdbc.queryForObject("SELECT id FROM baseline_events WHERE event_key = ?", Long.class, key);
            return json(200, "{\"status\":\"duplicate\",\"eventId\":" + id + "}");
        } catch (DataAccessException down) {
            return json(503, "{\"status\":\"unavailable\"}");
        }
    }

    private static ResponseEntity<String> json(int status, String body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }

    private boolean authentic(String authorization, String queryToken) {
        String presented = authorization != null
                && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? authorization.substring(BEARER.length())
                : queryToken;
        if (presented == null) {
            return false;
        }
        byte[] candidate = sha256(presented);
        boolean match = false;
        for (byte[] known : tokenDigests) {
            match |= MessageDigest.isEqual(candidate, known);
        }
        return match;
    }

    /** The receiver's parsing and validation: the event, or null when it is refused. */
    private JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        JsonNode root;
        try (JsonParser parser = mapper.createParser(text)) {
            root = mapper.readTree(parser);
            if (root == null || parser.nextToken() != null) {
                return null;
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (!root.isObject()) {
            return null;
        }
        JsonNode eventName = root.get("event_name");
        if (eventName == null || !eventName.isTextual() || !EVENT_NAME.matcher(eventName.textValue()).matches()) {
            return null;
        }
        JsonNode payload = root.get("payload");
        if (payload == null || !payload.isObject()) {
            return null;
        }
        JsonNode id = payload.get("id");
        boolean idOk = id != null && ((id.isIntegralNumber() && id.canConvertToLong())
                || (id.isTextual() && STRING_ID.matcher(id.textValue()).matches()));
        if (!idOk) {
            return null;
        }
        address(payload.get("to"));
        address(payload.get("from"));
        time(payload.get("time"));
        return root;
    }

    private static String address(JsonNode node) {
        if (node == null || !node.isTextual() || node.textValue().isBlank()) {
            return null;
        }
        return node.textValue().trim().toLowerCase(Locale.ROOT);
    }

    private static OffsetDateTime time(JsonNode node) {
        if (node == null || !node.isTextual()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(node.textValue());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
