package com.example.paubox.intake;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Counts wrong-token requests per client over a fixed window. A client over the limit is refused
 * with 429 until its window passes, before any body byte is read and before any database work.
 *
 * <p>Memory is bounded: at most {@code paubox.webhook.failed-auth-clients} clients are tracked, in
 * order of their last failure, and a new one pushes out the one that failed least recently, so
 * each failure costs a constant amount of work whatever the number of addresses. (A client with
 * more addresses than that can spread its guesses thinly enough to stay under the limit on each;
 * a long random token is the defence against guessing, this limit only slows it down.) Only
 * requests without the right token ever reach this table: Paubox's own requests never touch it.
 */
@Component
public class FailedAuthLimiter {

    private static final class Window {
        final long startMillis;
        int failures;

        Window(long startMillis) {
            this.startMillis = startMillis;
        }
    }

    private final int limit;
    private final long windowMillis;
    private final Clock clock;
    private final Map<String, Window> windows;

    public FailedAuthLimiter(WebhookProperties properties, Clock clock) {
        this.limit = properties.failedAuthLimit();
        this.windowMillis = properties.failedAuthWindow().toMillis();
        this.clock = clock;
        int maxClients = properties.failedAuthClients();
        // Access order: a failure moves its client to the young end; the eldest is dropped when full.
        this.windows = new LinkedHashMap<>(Math.min(maxClients, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
                return size() > maxClients;
            }
        };
    }

    /** How long this client must wait, or {@link Duration#ZERO} when it is not over the limit. */
    public Duration retryAfter(String client) {
        long now = clock.millis();
        synchronized (windows) {
            Window window = windows.get(client);
            if (window == null || window.failures < limit || now - window.startMillis >= windowMillis) {
                return Duration.ZERO;
            }
            return Duration.ofMillis(window.startMillis + windowMillis - now);
        }
    }

    public void recordFailure(String client) {
        long now = clock.millis();
        synchronized (windows) {
            Window window = windows.get(client);
            if (window == null || now - window.startMillis >= windowMillis) {
                window = new Window(now);
                windows.put(client, window);
            }
            window.failures++;
        }
    }

    /** How many clients are tracked now (for tests and diagnostics). */
    int trackedClients() {
        synchronized (windows) {
            return windows.size();
        }
    }
}
