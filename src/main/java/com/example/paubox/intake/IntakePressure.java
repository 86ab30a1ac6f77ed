package com.example.paubox.intake;

import com.example.paubox.inbox.InboxProperties;
import java.lang.management.ManagementFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
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
 * <p>The sweeper waits only while it would take CPU the intake needs. A steady load keeps a few
 * webhooks in flight all the time with the CPU far from full: so while it waits, the sweeper reads
 * the machine's CPU over half a second, and if that was under {@code paubox.inbox.cpu-busy-at}
 * (the intake's load without routing's), it routes beside the busy intake until it finds nothing
 * left, and routing keeps up with the load as it comes. A reading is never taken across routing
 * of the sweeper's own, which would fill any CPU. Once an event stored for later has waited
 * {@code paubox.inbox.defer-at-most}, the sweeper routes beside the intake whatever the CPU (an
 * overload that never lets up is still routed; the answers slow down meanwhile).
 */
@Component("intakePressure")
public class IntakePressure {

    /** The intake route's id (routes/paubox-intake.camel.yaml). */
    static final String INTAKE_ROUTE = "paubox-intake";

    /** {@link #deferredSince} while nothing waits for the sweeper. */
    private static final long NOTHING_DEFERRED = Long.MIN_VALUE;

    /** How long the sweeper waits, at least, over one reading of the machine's CPU. */
    static final long CPU_READING_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    /** {@link #quietSince} while no reading is under way. */
    private static final long NO_READING = Long.MIN_VALUE;

    private final CamelContext camel;
    private final int busyAt;
    private final double cpuBusyAt;
    private final long deferAtMostNanos;
    private final LongSupplier nanoClock;
    private final DoubleSupplier machineCpu;
    // The sweeper's own state, read and written on its thread only:
    /** When the reading of the CPU under way began: the sweeper has waited since then. */
    private long quietSince = NO_READING;
    /** Routing beside the busy intake until a look finds nothing left. */
    private boolean routingBeside;
    /** When the oldest event stored for the sweeper since its last empty look was stored. */
    private final AtomicLong deferredSince = new AtomicLong(NOTHING_DEFERRED);
    private volatile ThreadPoolExecutor dispatch;

    @Autowired
    public IntakePressure(CamelContext camel, InboxProperties properties) {
        this(camel, properties, System::nanoTime, machineCpu());
    }

    IntakePressure(CamelContext camel, InboxProperties properties, LongSupplier nanoClock, DoubleSupplier machineCpu) {
        this.camel = camel;
        this.busyAt = properties.busyAt();
        this.cpuBusyAt = properties.cpuBusyAt();
        this.deferAtMostNanos = properties.deferAtMost().toNanos();
        this.nanoClock = nanoClock;
        this.machineCpu = machineCpu;
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
     * intake is busy and the machine's CPU, read while the sweeper waited, was at least
     * {@code paubox.inbox.cpu-busy-at} busy; unless an event stored for later has waited
     * {@code paubox.inbox.defer-at-most}. Once it routes beside the busy intake, it goes on until
     * {@link #caughtUp()}.
     */
    public boolean sweeperWaits() {
        if (calm() || routingBeside) {
            quietSince = NO_READING;
            return false;
        }
        long now = nanoClock.getAsLong();
        long since = deferredSince.get();
        if (since != NOTHING_DEFERRED && now - since >= deferAtMostNanos) {
            return routeBeside();
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
        // Negative: the JVM cannot tell, so the CPU counts as busy.
        return busy >= 0 && busy < cpuBusyAt ? routeBeside() : true;
    }

    /**
     * For the sweeper, after a look that found nothing: every event stored for later has been
     * routed, so the next one starts the clock again, and the sweeper waits for a busy intake
     * again until a reading of the CPU says it has room.
     */
    public void caughtUp() {
        deferredSince.set(NOTHING_DEFERRED);
        routingBeside = false;
    }

    private boolean routeBeside() {
        routingBeside = true;
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
