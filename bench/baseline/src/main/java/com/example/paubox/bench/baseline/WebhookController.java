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
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Benchmark-only. Does the work the receiver does on a webhook before storing it (token check,
 * strict UTF-8 decoding, JSON tree parsing and validation), written as a plain controller, and
 * stores nothing. No per-request logging.
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

    public WebhookController(@Value("${paubox.webhook.token:}") String token) {
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
        if (!valid(body)) {
            return json(400, REJECTED);
        }
        return json(200, "{\"status\":\"accepted\",\"eventId\":" + ids.incrementAndGet() + "}");
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

    /** The receiver's parsing and validation; the values read are discarded (nothing is stored). */
    private boolean valid(byte[] body) {
        if (body == null || body.length == 0) {
            return false;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            return false;
        }
        JsonNode root;
        try (JsonParser parser = mapper.createParser(text)) {
            root = mapper.readTree(parser);
            if (root == null || parser.nextToken() != null) {
                return false;
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        if (!root.isObject()) {
            return false;
        }
        JsonNode eventName = root.get("event_name");
        if (eventName == null || !eventName.isTextual() || !EVENT_NAME.matcher(eventName.textValue()).matches()) {
            return false;
        }
        JsonNode payload = root.get("payload");
        if (payload == null || !payload.isObject()) {
            return false;
        }
        JsonNode id = payload.get("id");
        boolean idOk = id != null && ((id.isIntegralNumber() && id.canConvertToLong())
                || (id.isTextual() && STRING_ID.matcher(id.textValue()).matches()));
        if (!idOk) {
            return false;
        }
        address(payload.get("to"));
        address(payload.get("from"));
        time(payload.get("time"));
        return true;
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
