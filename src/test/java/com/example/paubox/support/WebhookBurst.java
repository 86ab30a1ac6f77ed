package com.example.paubox.support;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A burst of webhooks posted by 8 client threads at once, for the tests that kill the receiver in
 * the middle of one: requests refused once the process is gone are expected, not errors.
 */
public final class WebhookBurst {

    private final ExecutorService clients = Executors.newFixedThreadPool(8);
    private final AtomicInteger answered = new AtomicInteger();

    private WebhookBurst() {
    }

    /** Posts every body; {@code accepted} hears the index of each one answered 200. */
    public static WebhookBurst post(Webhooks webhooks, List<String> bodies, IntConsumer accepted) {
        WebhookBurst burst = new WebhookBurst();
        for (int i = 0; i < bodies.size(); i++) {
            int index = i;
            burst.clients.submit(() -> {
                try {
                    if (webhooks.post(bodies.get(index)).statusCode() == 200) {
                        accepted.accept(index);
                        burst.answered.incrementAndGet();
                    }
                } catch (RuntimeException refusedAfterTheKill) {
                    // expected once the process is gone
                }
            });
        }
        return burst;
    }

    /** How many were answered 200 so far. */
    public int answered() {
        return answered.get();
    }

    /** Waits (60 s at most) until every request has been answered or refused. */
    public boolean finish() throws InterruptedException {
        clients.shutdown();
        return clients.awaitTermination(60, TimeUnit.SECONDS);
    }
}
