package com.example.paubox.inbox;

import java.time.OffsetDateTime;

/**
 * One Paubox webhook notification, as validated at the intake.
 *
 * @param eventId our id for it, once it is stored in the inbox (null before)
 * @param eventName Paubox's {@code event_name}, e.g. {@code api_mail_log_permanent_failure}
 * @param pauboxMessageId {@code payload.id}: Paubox's id of the message the event is about
 * @param recipient {@code payload.to}, lower-cased (PHI: never logged)
 * @param sender {@code payload.from}, lower-cased (PHI: never logged)
 * @param eventTime {@code payload.time}, null when absent or unreadable
 * @param rawBody the request body exactly as received (PHI: stored, never logged)
 * @param receivedAt when the inbox stored it (null before)
 */
public record PauboxEvent(
        Long eventId,
        String eventName,
        String pauboxMessageId,
        String recipient,
        String sender,
        OffsetDateTime eventTime,
        String rawBody,
        OffsetDateTime receivedAt) {

    /** The inbox's idempotency key: the same event sent twice has the same key. */
    public String eventKey() {
        return eventName + ":" + pauboxMessageId;
    }

    /** The event as the inbox holds it: with its inbox id and the time it was stored. */
    public PauboxEvent stored(long id, OffsetDateTime at) {
        return new PauboxEvent(id, eventName, pauboxMessageId, recipient, sender, eventTime, rawBody, at);
    }

    /** Only what may appear in a log: Camel prints message bodies when it reports failures. */
    @Override
    public String toString() {
        return "PauboxEvent[eventId=" + eventId + ", eventName=" + eventName + ", pauboxMessageId=" + pauboxMessageId + "]";
    }
}
