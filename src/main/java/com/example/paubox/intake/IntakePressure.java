package com.example.paubox.intake;

import com.example.paubox.inbox.InboxProperties;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.springframework.stereotype.Component;

/**
 * Intake first. Paubox never resends a webhook it could not hand over, while a notification that
 * is routed a little later loses nothing; so while many webhooks are in flight at the intake,
 * new events are stored for the sweeper instead of being routed at once, and the sweeper waits
 * too, leaving the CPU and the database to the intake until the burst has passed. And while
 * webhooks keep arriving, only a few events are routed at once (the {@code event-dispatch}
 * route waits its turn in {@link #awaitRoutingTurn}).
 */
@Component("intakePressure")
public class IntakePressure {

    /** The intake route's id (routes/paubox-intake.camel.yaml). */
    static final String INTAKE_ROUTE = "paubox-intake";

    /** Routing at full width: more than the dispatch and sweep threads together. */
    static final int UNLIMITED = 1000;

    static final long RECHECK_MILLIS = 100;

    /** How long after the last webhook the intake still counts as receiving. */
    static final long RECEIVING_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final CamelContext camel;
    private final int busyAt;
    private final int routingWhileReceiving;
    private volatile ThreadPoolExecutor dispatch;
    private volatile long lastArrival = System.nanoTime() - RECEIVING_NANOS;
    private final ReentrantLock turns = new ReentrantLock();
    private final Condition turnEnded = turns.newCondition();
    private int routing; // guarded by turns

    public IntakePressure(CamelContext camel, InboxProperties properties) {
        this.camel = camel;
        this.busyAt = properties.busyAt();
        this.routingWhileReceiving = properties.routingWhileReceiving();
    }

    /** True while fewer than {@code paubox.inbox.busy-at} webhooks are in flight at the intake. */
    public boolean calm() {
        return camel.getInflightRepository().size(INTAKE_ROUTE) < busyAt;
    }

    public boolean busy() {
        return !calm();
    }

    /**
     * Asked once per valid webhook, before it is stored: whether the event should be stored
     * claimed and handed to the dispatch threads once answered. Yes while the intake is calm and
     * the dispatch threads or their queue have room; deciding before the store spares a full
     * dispatcher a claim written only to be given back, on the request's own time. Notes the
     * arrival for {@link #routingLimit()}.
     */
    public boolean routeNow() {
        lastArrival = System.nanoTime();
        return calm() && dispatcherHasRoom();
    }

    /**
     * How many events may be routed at once: {@code paubox.inbox.routing-while-receiving} while
     * webhooks keep arriving (one within the last second), otherwise as many as there are threads.
     */
    public int routingLimit() {
        return System.nanoTime() - lastArrival < RECEIVING_NANOS ? routingWhileReceiving : UNLIMITED;
    }

    /**
     * Blocks the routing thread until fewer than {@link #routingLimit()} events are being routed,
     * then counts this exchange in until it completes. The limit is looked at again every
     * {@value #RECHECK_MILLIS} ms, so waiting threads all go once the webhooks stop. (Camel's
     * concurrent-requests throttle looks at its limit only when an exchange arrives, so threads
     * already waiting in it stay at the narrow width.)
     */
    public void awaitRoutingTurn(Exchange exchange) throws InterruptedException {
        turns.lock();
        try {
            while (routing >= routingLimit()) {
                turnEnded.await(RECHECK_MILLIS, TimeUnit.MILLISECONDS);
            }
            routing++;
        } finally {
            turns.unlock();
        }
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                turns.lock();
                try {
                    routing--;
                    turnEnded.signal();
                } finally {
                    turns.unlock();
                }
            }
        });
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
