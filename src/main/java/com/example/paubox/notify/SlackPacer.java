package com.example.paubox.notify;

import com.example.paubox.delivery.Deliveries;
import com.example.paubox.inbox.Inbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Keeps the Slack sink at Slack's pace for incoming webhooks (about one message a second), for
 * every alert: new, retried, replayed, recovered or deferred. Two sends from this process are
 * never closer than {@code paubox.slack.min-interval}. An alert that cannot go now is not held in
 * memory but deferred in the {@code deliveries} table to a slot of its own, where the retry route
 * picks it up; coming back at that slot it keeps its place ahead of alerts that arrived later. A
 * burst therefore queues, durably, instead of failing. The pace is per process.
 */
@Component("slackPacer")
public class SlackPacer {

    /** A slot this close ahead is taken at once (the retry route polls; clocks tick coarsely). */
    private static final long TOLERANCE_MILLIS = 50;
    /** A reservation whose delivery never came back (taken by another instance, say) is dropped after this. */
    private static final long FORGET_AFTER_MILLIS = Duration.ofMinutes(10).toMillis();

    private final Deliveries deliveries;
    private final Clock clock;
    private final long intervalMillis;
    /** When the last alert was let through. */
    private long lastSend = Long.MIN_VALUE / 2;
    /** The end of the queue: the first slot no deferred alert holds. */
    private long nextFreeSlot;
    /** Deferred alerts (by event id) and the slot each holds. */
    private final Map<Long, Long> reserved = new HashMap<>();

    public SlackPacer(Deliveries deliveries, Clock clock, SlackProperties slack) {
        this.deliveries = deliveries;
        this.clock = clock;
        this.intervalMillis = slack.minInterval().toMillis();
    }

    /**
     * @return true to send now; false when the delivery was deferred to its slot
     */
    public boolean sendNow(Exchange exchange) {
        long now = clock.millis();
        Long eventId = exchange.getProperty(Inbox.EVENT_ID, Long.class);
        long slot;
        synchronized (this) {
            if (reserved.size() > 0) {
                reserved.values().removeIf(held -> held < now - FORGET_AFTER_MILLIS);
            }
            Long held = eventId == null ? null : reserved.remove(eventId);
            // A deferred alert goes at its slot; any other joins the end of the queue.
            long turn = held != null ? held - TOLERANCE_MILLIS : Math.max(now, nextFreeSlot - TOLERANCE_MILLIS);
            // Whatever the slot, never closer to the previous send than the interval.
            slot = Math.max(turn, lastSend + intervalMillis);
            if (slot <= now) {
                lastSend = now;
                nextFreeSlot = Math.max(nextFreeSlot, now + intervalMillis);
                return true;
            }
            if (held == null) {
                slot = Math.max(slot, nextFreeSlot);
            }
            nextFreeSlot = Math.max(nextFreeSlot, slot + intervalMillis);
            if (eventId != null) {
                reserved.put(eventId, slot);
            }
        }
        deliveries.defer(exchange, OffsetDateTime.ofInstant(Instant.ofEpochMilli(slot), ZoneOffset.UTC));
        return false;
    }

    /**
     * Called once a send is over, whatever Slack answered: the next alert waits the interval from
     * here, so that Slack sees them at least that far apart even when a request took a while to
     * reach it.
     */
    public synchronized void sent() {
        lastSend = Math.max(lastSend, clock.millis());
    }
}
