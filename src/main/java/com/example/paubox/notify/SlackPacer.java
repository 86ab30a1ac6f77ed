package com.example.paubox.notify;

import com.example.paubox.delivery.Deliveries;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Keeps the Slack sink at Slack's pace for incoming webhooks (about one message a second). Each
 * new alert takes the next free slot; one whose slot is in the future is not held in memory but
 * deferred in the {@code deliveries} table to that time, where the retry route picks it up. A
 * burst therefore queues, durably, instead of failing. The pace is per process.
 */
@Component("slackPacer")
public class SlackPacer {

    /** Exchange property set by the retry route: the delivery already waited for its slot. */
    public static final String SCHEDULED = "scheduledDelivery";

    private static final long TOLERANCE_MILLIS = 50;

    private final Deliveries deliveries;
    private final Clock clock;
    private final long intervalMillis;
    private long nextFreeSlot;

    public SlackPacer(Deliveries deliveries, Clock clock, SlackProperties slack) {
        this.deliveries = deliveries;
        this.clock = clock;
        this.intervalMillis = slack.minInterval().toMillis();
    }

    /**
     * @return true to send now; false when the delivery was deferred to its slot
     */
    public boolean sendNow(Exchange exchange) {
        if (Boolean.TRUE.equals(exchange.getProperty(SCHEDULED, Boolean.class))) {
            return true;
        }
        long now = clock.millis();
        long slot;
        synchronized (this) {
            slot = Math.max(now, nextFreeSlot);
            nextFreeSlot = slot + intervalMillis;
        }
        if (slot - now <= TOLERANCE_MILLIS) {
            return true;
        }
        deliveries.defer(exchange, OffsetDateTime.ofInstant(Instant.ofEpochMilli(slot), ZoneOffset.UTC));
        return false;
    }
}
