package com.example.paubox.intake;

/**
 * Why a webhook request was refused: its HTTP status, a fixed code for the log line and the
 * {@code outcome} metric label ({@code rejected-<code>}), and the short reason a 400, 408, 413 or
 * 415 answer carries. All of it is fixed text written here, never a piece of the request, so the
 * set of label values is bounded and nothing the client sent is echoed or logged.
 */
public enum RejectionReason {

    /** Any method but POST. */
    METHOD(405, "method", "only POST is allowed"),
    /** A {@code Content-Type} that is not JSON. */
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Content-Type must be application/json"),
    /** A body over {@code paubox.webhook.max-body-size}. */
    TOO_LARGE(413, "too-large", "body is too large"),
    /** No token, a wrong one, or one in a place that does not count (another case, a header named token). */
    BAD_TOKEN(401, "bad-token", ""),
    /** A path below the endpoint ({@code /webhooks/paubox/x}): refused like a wrong token, whatever it carries. */
    WRONG_PATH(401, "wrong-path", ""),
    /** A client over {@code paubox.webhook.failed-auth-limit} without the right token. */
    THROTTLED(429, "throttled", ""),
    /** The body did not arrive within {@code paubox.webhook.body-read-timeout}. */
    BODY_TIMEOUT(408, "body-timeout", "body not received in time"),
    /** The client went away, or broke the framing, before the body was complete. */
    BODY_INCOMPLETE(400, "body-incomplete", "body is incomplete"),
    EMPTY_BODY(400, "empty-body", "body is empty"),
    NOT_UTF8(400, "not-utf8", "body is not valid UTF-8"),
    NOT_JSON(400, "not-json", "body is not valid JSON"),
    NOT_OBJECT(400, "not-object", "body must be a JSON object"),
    NO_EVENT_NAME(400, "no-event-name", "event_name must be a string"),
    BAD_EVENT_NAME(400, "bad-event-name", "event_name must be a short identifier"),
    PAYLOAD_NOT_OBJECT(400, "payload-not-object", "payload must be an object"),
    BAD_ID(400, "bad-id", "payload.id must be an integer");

    private final int status;
    private final String code;
    private final String text;

    RejectionReason(int status, String code, String text) {
        this.status = status;
        this.code = code;
        this.text = text;
    }

    public int status() {
        return status;
    }

    /** The fixed code: {@code bad-token}, {@code not-json}, ... */
    public String code() {
        return code;
    }

    /** The reason the answer carries; empty for 401 and 429, which say nothing. */
    public String text() {
        return text;
    }

    /** The {@code outcome} of the log line and the metric label. */
    public String outcome() {
        return "rejected-" + code;
    }
}
