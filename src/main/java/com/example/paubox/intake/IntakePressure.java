package com.example.paubox.intake;

import com.example.paubox.inbox.InboxProperties;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Intake first. Paubox never resends a webhook it could not hand over, while a notification that
 * is routed a little later loses nothing; so while many webhooks are in flight at the intake,
 * new events are stored for the sweeper instead of being routed at once, and the sweeper waits
 * too, leaving the CPU and the database to the intake until the burst has passed.
 *
 * <p>The sweeper waits only while it would take CPU the intake needs. A steady load keeps a few
 * webhooks in flight all the time with the CPU far from full: so while it waits, the sweeper reads
 * the machine's CPU over half a second, and if that was under {@code paubox.inbox.cpu-busy-at}
 * (the intake's load without routing's), it routes beside the busy intake for two seconds, then
 * reads again, and routing keeps up with the load as it comes. A reading is never taken across
 * routing of the sweeper's own, which would fill any CPU; and a stretch of routing beside is
 * short, so that a reading taken in a lull of a burst does not hand the CPU to routing for the
 * rest of it; and a stretch ends at once when a flood comes back, two looks in a row finding the
 * intake lately at four times {@code paubox.inbox.busy-at} webhooks in flight (answers queueing
 * for the CPU, not a steady load that has room). Once an event stored for later has waited
 * {@code paubox.inbox.defer-at-most}, the
 * sweeper routes beside the intake whatever the CPU until it finds nothing left (an overload
 * that never lets up is still routed; the answers slow down meanwhile).
 */
@Component("intakePressure")
public class IntakePressure {

    private static final Logger log = LoggerFactory.getLogger(IntakePressure.class);

    /** The intake route's id (routes/paubox-intake.camel.yaml). */
    static final String INTAKE_ROUTE = "paubox-intake";

    /** {@link #deferredSince} while nothing waits for the sweeper. */
    private static final long NOTHING_DEFERRED = Long.MIN_VALUE;

    /** How long the sweeper waits, at least, over one reading of the machine's CPU. */
    static final long CPU_READING_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    /**
     * How long no webhook may have been deferred before the sweeper takes the intake as calm. The
     * route's in-flight count alone says calm for a moment after every commit even in a burst
     * (the batch's answers all go out at once), and a greedy sweeper looking at such a moment
     * would route beside the burst, look after look.
     */
    static final long CALM_FOR_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    /** How long the sweeper routes beside the busy intake after a reading that found room. */
    static final long BESIDE_FOR_NANOS = TimeUnit.SECONDS.toNanos(2);

    /**
     * A flood: this many times {@code paubox.inbox.busy-at} webhooks in flight at once. A steady
     * load the CPU has room for keeps a few in flight (about the rate times the answer's latency:
     * 4 at 1,000/s and 4 ms); a burst at the machine's limit keeps every connection's webhook in
     * flight, queueing for the CPU.
     */
    static final int FLOOD_TIMES_BUSY_AT = 4;

    /**
     * How recently the intake must have been flooded for a look to count it. Longer than the
     * moment after a commit when a batch's answers have all gone out and the count is low even in
     * a flood; shorter than a look.
     */
    static final long FLOODED_WITHIN_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** How many looks in a row must find the intake flooded to end a stretch of routing beside. */
    static final int FLOODED_LOOKS = 2;

    /** {@link #quietSince} while no reading is under way. */
    private static final long NO_READING = Long.MIN_VALUE;

    private final CamelContext camel;
    private final int busyAt;
    private final int floodAt;
    private final double cpuBusyAt;
    private final long deferAtMostNanos;
    private final LongSupplier nanoClock;
    private final DoubleSupplier machineCpu;
    // The sweeper's own state, read and written on its thread only:
    /** When the reading of the CPU under way began: the sweeper has waited since then. */
    private long quietSince = NO_READING;
    /** Routing beside the busy intake: until {@link #besideUntil}, or until caught up. */
    private boolean routingBeside;
    private boolean besideUntilCaughtUp;
    private long besideUntil;
    /** Whether this stretch of routing beside has been logged (one line, till caught up). */
    private boolean besideLogged;
    /** Looks in a row, in this stretch, that found the intake flooded. */
    private int floodedLooks;
    /** When the oldest event stored for the sweeper since its last empty look was stored. */
    private final AtomicLong deferredSince = new AtomicLong(NOTHING_DEFERRED);
    /** When a webhook was last deferred (to the millisecond: written at most once per ms). */
    private volatile long lastDeferral = NOTHING_DEFERRED;
    /** When a webhook last found the intake flooded (to the millisecond, as above). */
    private volatile long lastFlood = NOTHING_DEFERRED;
    private volatile ThreadPoolExecutor dispatch;

    @Autowired
    public IntakePressure(CamelContext camel, InboxProperties properties) {
        this(camel, properties, System::nanoTime, machineCpu());
    }

    IntakePressure(CamelContext camel, InboxProperties properties, LongSupplier nanoClock, DoubleSupplier machineCpu) {
        this.camel = camel;
        this.busyAt = properties.busyAt();
        this.floodAt = FLOOD_TIMES_BUSY_AT * busyAt;
        this.cpuBusyAt = properties.cpuBusyAt();
        this.deferAtMostNanos = properties.deferAtMost().toNanos();
        this.nanoClock = nanoClock;
        this.machineCpu = machineCpu;
    }

    /** True while fewer than {@code paubox.inbox.busy-at} webhooks are in flight at the intake. */
    public boolean calm() {
        return inFlight() < busyAt;
    }

    private int inFlight() {
        return camel.getInflightRepository().size(INTAKE_ROUTE);
    }

    /**
     * Asked once per valid webhook, before it is stored: whether the event should be stored
     * claimed and handed to the dispatch threads once answered. Yes while the intake is calm and
     * the dispatch threads or their queue have room; deciding before the store spares a full
     * dispatcher a claim written only to be given back, on the request's own time. No starts the
     * clock of {@code paubox.inbox.defer-at-most}, unless an earlier event is waiting already.
     */
    public boolean routeNow() {
        int inFlight = inFlight();
        if (inFlight < busyAt && dispatcherHasRoom()) {
            return true;
        }
        long now = nanoClock.getAsLong();
        // Read first: during a burst every request lands here, and only the first one writes.
        if (deferredSince.get() == NOTHING_DEFERRED) {
            deferredSince.compareAndSet(NOTHING_DEFERRED, now);
        }
        long last = lastDeferral;
        if (last == NOTHING_DEFERRED || now - last > 1_000_000L) {
            lastDeferral = now;
        }
        if (inFlight >= floodAt) {
            long flood = lastFlood;
            if (flood == NOTHING_DEFERRED || now - flood > 1_000_000L) {
                lastFlood = now;
            }
        }
        return false;
    }

    /**
     * For the sweeper, before each look: whether to wait for its next one. It waits while the
     * intake is busy (or was, within the last half second) and the machine's CPU, read while the
     * sweeper waited, was at least {@code paubox.inbox.cpu-busy-at} busy; unless an event stored
     * for later has waited {@code paubox.inbox.defer-at-most}.
     */
    public boolean sweeperWaits() {
        long now = nanoClock.getAsLong();
        if (calmFor(now)) {
            quietSince = NO_READING;
            return false;
        }
        if (routingBeside) {
            if (besideUntilCaughtUp || (now - besideUntil < 0 && !floodedAgain(now))) {
                return false;
            }
            routingBeside = false; // this stretch is over: wait, and read the CPU again
            log.debug("A stretch of routing beside the busy intake ends: {}",
                    floodedLooks >= FLOODED_LOOKS ? "the intake is flooded" : "its time is up");
        }
        long since = deferredSince.get();
        if (since != NOTHING_DEFERRED && now - since >= deferAtMostNanos) {
            besideUntilCaughtUp = true;
            return routeBeside(now, "events stored for later have waited paubox.inbox.defer-at-most ({})",
                    Duration.ofNanos(deferAtMostNanos));
        }
        if (quietSince == NO_READING) {
            machineCpu.getAsDouble(); // what it says covers the sweeper's own routing: only a start
            quietSince = now;
            return true;
        }
        if (now - quietSince < CPU_READING_NANOS) {
            return true;
        }
        double busy = machineCpu.getAsDouble(); // since the start: the sweeper waited throughout
        quietSince = now;
        // Negative: the JVM cannot tell, so the CPU counts as busy. At 1 the sweeper waits whatever
        // the CPU: a machine that a burst keeps full can still read 99.6 %.
        if (cpuBusyAt < 1 && busy >= 0 && busy < cpuBusyAt) {
            return routeBeside(now, "the CPU was {} % busy while the sweeper waited (paubox.inbox.cpu-busy-at {} %)",
                    Math.round(busy * 100), Math.round(cpuBusyAt * 100));
        }
        return true;
    }

    /**
     * For the sweeper, after a look that found nothing: every event stored for later has been
     * routed, so the next one starts the clock again, and the sweeper waits for a busy intake
     * again until a reading of the CPU says it has room.
     */
    public void caughtUp() {
        deferredSince.set(NOTHING_DEFERRED);
        if (besideLogged) {
            log.info("Caught up: every event stored for later by the busy intake is routed");
        }
        routingBeside = false;
        besideUntilCaughtUp = false;
        besideLogged = false;
    }

    /** Calm now, and no webhook deferred for {@link #CALM_FOR_NANOS}. */
    private boolean calmFor(long now) {
        long last = lastDeferral;
        return calm() && (last == NOTHING_DEFERRED || now - last >= CALM_FOR_NANOS);
    }

    /** Whether this look, and the ones before it in this stretch, found the intake flooded. */
    private boolean floodedAgain(long now) {
        long flood = lastFlood;
        boolean flooded = flood != NOTHING_DEFERRED && now - flood < FLOODED_WITHIN_NANOS;
        floodedLooks = flooded ? floodedLooks + 1 : 0;
        return floodedLooks >= FLOODED_LOOKS;
    }

    private boolean routeBeside(long now, String why, Object... arguments) {
        if (!besideLogged) {
            log.info("Routing beside the busy intake: " + why, arguments);
            besideLogged = true;
        } else if (log.isDebugEnabled()) {
            log.debug("Routing beside the busy intake again: " + why, arguments);
        }
        routingBeside = true;
        besideUntil = now + BESIDE_FOR_NANOS;
        floodedLooks = 0;
        quietSince = NO_READING;
        return false;
    }

    /**
     * The machine's (or the container's) recent CPU use, 0 to 1, from the JVM; each reading covers
     * the time since the one before. Negative where the JVM cannot tell.
     */
    static DoubleSupplier machineCpu() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os::getCpuLoad;
        }
        return () -> -1;
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
