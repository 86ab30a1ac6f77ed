package com.example.paubox.delivery;

/** The states of a row in {@code deliveries}. */
public enum DeliveryStatus {
    /** To be delivered from {@code next_attempt_at} on: never tried, deferred, or replayed. */
    PENDING,
    /** Claimed by an instance that is delivering it now, until {@code lease_expires_at}. */
    DELIVERING,
    /** The sink has the event. */
    DELIVERED,
    /** The sink is disabled: the event was not sent to it. */
    SKIPPED,
    /** The last attempt failed; the next is due at {@code next_attempt_at}. */
    FAILED,
    /**
     * Held for a digest ({@code digest_id}): sent, with the other alerts of its window, when the
     * window closes ({@link Digests}).
     */
    HELD,
    /** Held, and in the digest its carrier is sending now: marked with the carrier's outcome once it is over. */
    CARRIED,
    /** A dead letter: the sink refused for good, or the attempts ran out. Replayable. */
    DEAD
}
