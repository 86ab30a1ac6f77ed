package com.example.paubox.intake;

import com.example.paubox.inbox.InboxProperties;
import java.util.concurrent.ThreadPoolExecutor;
import org.apache.camel.CamelContext;
import org.springframework.stereotype.Component;

/**
 * Intake first. Paubox never resends a webhook it could not hand over, while a notification that
 * is routed a little later loses nothing; so while many webhooks are in flight at the intake,
 * new events are stored for the sweeper instead of being routed at once, and the sweeper waits
 * too, leaving the CPU and the database to the intake until the burst has passed.
 */
@Component("intakePressure")
public class IntakePressure {

    /** The intake route's id (routes/paubox-intake.camel.yaml). */
    static final String INTAKE_ROUTE = "paubox-intake";

    private final CamelContext camel;
    private final int busyAt;
    private volatile ThreadPoolExecutor dispatch;

    public IntakePressure(CamelContext camel, InboxProperties properties) {
        this.camel = camel;
        this.busyAt = properties.busyAt();
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
     * dispatcher a claim written only to be given back, on the request's own time.
     */
    public boolean routeNow() {
        return calm() && dispatcherHasRoom();
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
