package com.example.paubox.intake;

import com.example.paubox.inbox.PauboxEvent;
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
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.camel.Body;
import org.springframework.stereotype.Component;

/**
 * Turns a webhook request body into a {@link PauboxEvent}, or rejects it with 400. The body
 * is read into a fixed tree type ({@link JsonNode}), never into a type the input could name, and
 * the reasons given are fixed text: Jackson's own messages quote the input, which is PHI.
 */
@Component("pauboxEventParser")
public class PauboxEventParser {

    private static final Pattern EVENT_NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");
    private static final Pattern STRING_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    private final ObjectMapper mapper;

    public PauboxEventParser() {
        JsonFactory factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build())
                .build();
        this.mapper = new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    public PauboxEvent parse(@Body byte[] body) {
        String text = decodeUtf8(body);
        JsonNode root = readTree(text);
        if (!root.isObject()) {
            throw WebhookRejectedException.badRequest(RejectionReason.NOT_OBJECT);
        }
        JsonNode eventName = root.get("event_name");
        if (eventName == null || !eventName.isTextual()) {
            throw WebhookRejectedException.badRequest(RejectionReason.NO_EVENT_NAME);
        }
        if (!EVENT_NAME.matcher(eventName.textValue()).matches()) {
            throw WebhookRejectedException.badRequest(RejectionReason.BAD_EVENT_NAME);
        }
        JsonNode payload = root.get("payload");
        if (payload == null || !payload.isObject()) {
            throw WebhookRejectedException.badRequest(RejectionReason.PAYLOAD_NOT_OBJECT);
        }
        return new PauboxEvent(
                null,
                eventName.textValue(),
                messageId(payload.get("id")),
                address(payload.get("to")),
                address(payload.get("from")),
                time(payload.get("time")),
                text,
                null);
    }

    private static String decodeUtf8(byte[] body) {
        if (body == null || body.length == 0) {
            throw WebhookRejectedException.badRequest(RejectionReason.EMPTY_BODY);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw WebhookRejectedException.badRequest(RejectionReason.NOT_UTF8);
        }
    }

    private JsonNode readTree(String text) {
        try (JsonParser parser = mapper.createParser(text)) {
            JsonNode root = mapper.readTree(parser);
            if (root == null || parser.nextToken() != null) {
                throw WebhookRejectedException.badRequest(RejectionReason.NOT_JSON);
            }
            return root;
        } catch (IOException | RuntimeException e) {
            if (e instanceof WebhookRejectedException rejected) {
                throw rejected;
            }
            throw WebhookRejectedException.badRequest(RejectionReason.NOT_JSON);
        }
    }

    private static String messageId(JsonNode id) {
        if (id != null && id.isIntegralNumber() && id.canConvertToLong()) {
            return Long.toString(id.longValue());
        }
        if (id != null && id.isTextual() && STRING_ID.matcher(id.textValue()).matches()) {
            return id.textValue();
        }
        throw WebhookRejectedException.badRequest(RejectionReason.BAD_ID);
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
        return IsoTimestamps.parse(node.textValue());
    }
}
