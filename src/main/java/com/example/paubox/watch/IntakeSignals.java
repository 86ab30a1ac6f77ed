package com.example.paubox.watch;

import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * What the intake tells the watch, as it answers: webhooks answered {@code 503} (not stored: the
 * event is lost, Paubox never retries) and requests refused for a wrong or missing token. Counted
 * in memory on this instance, since a database that cannot store a webhook cannot store a count
 * either; {@link WatchConditions} takes the counts into the database once it can. Costs a lock
 * per refused request and nothing per accepted one.
 */
@Component
public class IntakeSignals {

    /** Evidence counted since it was last taken: how many, the first and the last time. */
    public record Tally(long count, Instant first, Instant last) {
        static final Tally NONE = new Tally(0, null, null);

        Tally plus(Tally other) {
            if (other.count == 0) {
                return this;
            }
            if (count == 0) {
                return other;
            }
            return new Tally(count + other.count, first.isBefore(other.first) ? first : other.first,
                    last.isAfter(other.last) ? last : other.last);
        }
    }

    private final Clock clock;
    private final int refusalsToRemember;
    private Tally lost = Tally.NONE;
    private Tally refused = Tally.NONE;
    /** The times of the last refusals, a ring: whether enough came close enough together. */
    private final long[] lastRefusals;
    private int nextRefusal;

    public IntakeSignals(Clock clock, WatchProperties properties) {
        this.clock = clock;
        this.refusalsToRemember = properties.tokenRefusals();
        this.lastRefusals = new long[refusalsToRemember];
    }

    /** A webhook was answered 503: not stored. */
    public synchronized void lost() {
        lost = lost.plus(now());
    }

    /** A request was refused 401 (wrong or missing token, or a path below the endpoint) or 429 (too many of those). */
    public synchronized void refused() {
        Tally now = now();
        refused = refused.plus(now);
        lastRefusals[nextRefusal] = now.last().toEpochMilli();
        nextRefusal = (nextRefusal + 1) % refusalsToRemember;
    }

    /** The 503s counted since the last take, and none counted from now on. */
    synchronized Tally takeLost() {
        Tally taken = lost;
        lost = Tally.NONE;
        return taken;
    }

    synchronized Tally takeRefused() {
        Tally taken = refused;
        refused = Tally.NONE;
        return taken;
    }

    /** A take that could not be written goes back, to be written with the next. */
    synchronized void giveBack(Tally lostAgain, Tally refusedAgain) {
        lost = lost.plus(lostAgain);
        refused = refused.plus(refusedAgain);
    }

    /** Whether the last {@code paubox.watch.token-refusals} refusals all came after this instant. */
    synchronized boolean refusalsSince(Instant since) {
        // The oldest of the ring is the one about to be overwritten; 0 while it is not full yet.
        return lastRefusals[nextRefusal] != 0 && lastRefusals[nextRefusal] >= since.toEpochMilli();
    }

    private Tally now() {
        Instant now = clock.instant();
        return new Tally(1, now, now);
    }
}
