package com.example.paubox.intake;

import com.example.paubox.inbox.InboxProperties;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.camel.CamelContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Intake first. Paubox never resends a webhook it could not hand over, while a notification that
 * is routed a little later loses nothing; so while many webhooks are in flight at the intake,
 * new events are stored for the sweeper instead of being routed at once, and the sweeper waits
 * too, leaving the CPU and the database to the intake until the burst has passed.
 *
 * <p>A load that never lets up is not a burst: once an event stored for later has waited
 * {@code paubox.inbox.defer-at-most}, the sweeper stops waiting and routes beside the intake
 * until it finds nothing left, so that routing keeps up with any rate the machine can carry
 * (the answers slow down meanwhile, as the two share the CPU).
 */
@Component("intakePressure")
public class IntakePressure {

    /** The intake route's id (routes/paubox-intake.camel.yaml). */
    static final String INTAKE_ROUTE = "paubox-intake";

    /** {@link #deferredSince} while nothing waits for the sweeper. */
    private static final long NOTHING_DEFERRED = Long.MIN_VALUE;

    private final CamelContext camel;
    private final int busyAt;
    private final long deferAtMostNanos;
    private final LongSupplier nanoClock;
    /** When the oldest event stored for the sweeper since its last empty look was stored. */
    private final AtomicLong deferredSince = new AtomicLong(NOTHING_DEFERRED);
    private volatile ThreadPoolExecutor dispatch;

    @Autowired
    public IntakePressure(CamelContext camel, InboxProperties properties) {
        this(camel, properties, System::nanoTime);
    }

    IntakePressure(CamelContext camel, InboxProperties properties, LongSupplier nanoClock) {
        this.camel = camel;
        this.busyAt = properties.busyAt();
        this.deferAtMostNanos = properties.deferAtMost().toNanos();
        this.nanoClock = nanoClock;
    }

    /** True while fewer than {@code paubox.inbox.busy-at} webhooks are in flight at the intake. */
    public boolean calm() {
        return camel.getInflightRepository().size(INTAKE_ROUTE) < busyAt;
    }

    /**
     * Asked once per valid webhook, before it is stored: whether the event should be stored
     * claimed and handed to the dispatch threads once answered. Yes while the intake is calm and
     * the dispatch threads or their queue have room; deciding before the store spares a full
     * dispatcher a claim written only to be given back, on the request's own time. No starts the
     * clock of {@code paubox.inbox.defer-at-most}, unless an earlier event is waiting already.
     */
    public boolean routeNow() {
        if (calm() && dispatcherHasRoom()) {
            return true;
        }
        // Read first: during a burst every request lands here, and only the first one writes.
        if (deferredSince.get() == NOTHING_DEFERRED) {
            deferredSince.compareAndSet(NOTHING_DEFERRED, nanoClock.getAsLong());
        }
        return false;
    }

    /**
     * For the sweeper, before each look: whether to wait for its next one. It waits while the
     * intake is busy, unless an event stored for later has waited {@code paubox.inbox.defer-at-most}.
     */
    public boolean sweeperWaits() {
        if (calm()) {
            return false;
        }
        long since = deferredSince.get();
        return since == NOTHING_DEFERRED || nanoClock.getAsLong() - since < deferAtMostNanos;
    }

    /**
     * For the sweeper, after a look that found nothing: every event stored for later has been
     * routed, so the next one starts the clock again.
     */
    public void caughtUp() {
        deferredSince.set(NOTHING_DEFERRED);
    }

    private boolean dispatcherHasRoom() {
        ThreadPoolExecutor pool = dispatch;
        if (pool == null) {
            pool = camel.getRegistry().lookupByNameAndType(IntakeConfiguration.DISPATCH_POOL, ThreadPoolExecutor.class);
            if (pool == null) {
                return true; // not a pool we can read: the hand-off itself tells
            }
            dispatch = pool;
        }
        return pool.getQueue().remainingCapacity() > 0 || pool.getActiveCount() < pool.getMaximumPoolSize();
    }
}
