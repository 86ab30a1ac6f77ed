package com.example.paubox.watch;

import com.example.paubox.inbox.PauboxEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One of the receiver's alerts about itself: a condition started, goes on (a reminder), or
 * resolved. Stored as an event ({@code source=watch}) of kind {@value #EVENT_NAME}, so that it
 * is routed and delivered like a webhook, with every guarantee of the sinks. Holds counts, times
 * and sink names only: never PHI.
 *
 * @param condition silence, events-lost, token-trouble, sink-failing or backlog
 * @param subject the sink, for sink-failing; null for the others
 * @param state started, reminder or resolved
 * @param since when the condition started
 * @param time when this alert was made
 * @param detail what the condition looks like, in a sentence
 * @param opsChannelDown slack or email when the condition is the ops destination's own channel failing (the
 *     alert then goes by the other channel); null otherwise
 */
public record WatchAlert(String condition, String subject, String state, Instant since, Instant time, String detail,
        String opsChannelDown) {

    /** The {@code event_name} of the receiver's own alerts. */
    public static final String EVENT_NAME = "receiver_alert";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The alert a stored event of kind {@value #EVENT_NAME} holds. */
    public static WatchAlert of(PauboxEvent event) {
        try {
            JsonNode payload = JSON.readTree(event.rawBody()).path("payload");
            return new WatchAlert(text(payload, "condition"), text(payload, "subject"), text(payload, "state"),
                    instant(payload, "since"), instant(payload, "time"), text(payload, "detail"), text(payload, "ops_channel_down"));
        } catch (JsonProcessingException unreadable) {
            throw new IllegalStateException("event " + event.eventId() + " holds no receiver alert");
        }
    }

    /** The event's body: {@code event_name} and a {@code payload} whose {@code id} is {@code id}. */
    String toJson(String id) {
        ObjectNode root = JSON.createObjectNode().put("event_name", EVENT_NAME);
        ObjectNode payload = root.putObject("payload").put("id", id).put("condition", condition).put("subject", subject)
                .put("state", state).put("since", since.toString()).put("time", time.toString()).put("detail", detail);
        if (opsChannelDown != null) {
            payload.put("ops_channel_down", opsChannelDown);
        }
        return root.toString();
    }

    /** The condition with its subject: {@code sink-failing slack-alert/ops}, {@code silence}. */
    public String title() {
        return subject == null ? condition : condition + " " + subject;
    }

    private static String text(JsonNode payload, String field) {
        JsonNode value = payload.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Instant instant(JsonNode payload, String field) {
        String value = text(payload, field);
        return value == null ? null : Instant.parse(value);
    }
}
