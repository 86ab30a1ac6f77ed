package com.example.paubox.delivery;

import com.example.paubox.inbox.Inbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Keeps each sink that has a pace ({@code paubox.sinks.<name>.pace}, e.g. Slack's one message a
 * second per incoming webhook) at that pace, for every delivery: new, retried, replayed,
 * recovered or deferred. Two sends to one sink from this process are never closer than its pace.
 * A delivery that cannot go now is not held in memory but deferred in the {@code deliveries}
 * table to a slot of its own, where the retry route picks it up; coming back at that slot it
 * keeps its place ahead of deliveries that arrived later. A burst therefore queues, durably,
 * instead of failing. The pace is per process.
 */
@Component("sinkPacer")
public class SinkPacer {

    /** A slot this close ahead is taken at once (the retry route polls; clocks tick coarsely). */
    private static final long TOLERANCE_MILLIS = 50;
    /** A reservation whose delivery never came back (taken by another instance, say) is dropped after this. */
    private static final long FORGET_AFTER_MILLIS = Duration.ofMinutes(10).toMillis();

    private final Deliveries deliveries;
    private final Sinks sinks;
    private final Clock clock;
    private final Map<String, Pace> paces = new ConcurrentHashMap<>();

    public SinkPacer(Deliveries deliveries, Sinks sinks, Clock clock) {
        this.deliveries = deliveries;
        this.sinks = sinks;
        this.clock = clock;
    }

    /** One sink's queue of turns. */
    private static final class Pace {
        private final long intervalMillis;
        /** When the last delivery was let through. */
        private long lastSend = Long.MIN_VALUE / 2;
        /** The end of the queue: the first slot no deferred delivery holds. */
        private long nextFreeSlot;
        /** Deferred deliveries (by event id) and the slot each holds. */
        private final Map<Long, Long> reserved = new HashMap<>();

        Pace(Duration interval) {
            this.intervalMillis = interval.toMillis();
        }

        /** The slot of this event's delivery: now or later. */
        synchronized long turn(Long eventId, long now) {
            if (!reserved.isEmpty()) {
                reserved.values().removeIf(held -> held < now - FORGET_AFTER_MILLIS);
            }
            Long held = eventId == null ? null : reserved.remove(eventId);
            // A deferred delivery goes at its slot; any other joins the end of the queue.
            long turn = held != null ? held - TOLERANCE_MILLIS : Math.max(now, nextFreeSlot - TOLERANCE_MILLIS);
            // Whatever the slot, never closer to the previous send than the interval.
            long slot = Math.max(turn, lastSend + intervalMillis);
            if (slot <= now) {
                lastSend = now;
                nextFreeSlot = Math.max(nextFreeSlot, now + intervalMillis);
                return now;
            }
            if (held == null) {
                slot = Math.max(slot, nextFreeSlot);
            }
            nextFreeSlot = Math.max(nextFreeSlot, slot + intervalMillis);
            if (eventId != null) {
                reserved.put(eventId, slot);
            }
            return slot;
        }

        synchronized void sent(long now) {
            lastSend = Math.max(lastSend, now);
        }
    }

    /**
     * @return true to send now (always, for a sink without a pace); false when the delivery was
     *     deferred to its slot
     */
    public boolean sendNow(Exchange exchange) {
        Pace pace = pace(exchange);
        if (pace == null) {
            return true;
        }
        long now = clock.millis();
        long slot = pace.turn(exchange.getProperty(Inbox.EVENT_ID, Long.class), now);
        if (slot <= now) {
            return true;
        }
        deliveries.defer(exchange, OffsetDateTime.ofInstant(Instant.ofEpochMilli(slot), ZoneOffset.UTC));
        return false;
    }

    /**
     * Called once a send is over, whatever the sink answered: the next delivery waits the pace
     * from here, so that the sink sees them at least that far apart even when a request took a
     * while to reach it.
     */
    public void sent(Exchange exchange) {
        Pace pace = pace(exchange);
        if (pace != null) {
            pace.sent(clock.millis());
        }
    }

    private Pace pace(Exchange exchange) {
        String sink = exchange.getProperty(Deliveries.SINK, String.class);
        if (sink == null) {
            return null;
        }
        Duration interval = sinks.pace(sink);
        return interval.isZero() ? null : paces.computeIfAbsent(sink, name -> new Pace(interval));
    }
}
