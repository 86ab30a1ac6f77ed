package com.example.paubox.intake;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Counts wrong-token requests per client over a fixed window. A client over the limit is refused
 * with 429 until its window passes, before any database work. Memory is bounded: windows that
 * have passed are dropped whenever the table grows large.
 */
@Component
public class FailedAuthLimiter {

    private static final int MAX_CLIENTS = 10_000;

    private record Window(long startMillis, int failures) {
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final int limit;
    private final long windowMillis;
    private final Clock clock;

    public FailedAuthLimiter(WebhookProperties properties, Clock clock) {
        this.limit = properties.failedAuthLimit();
        this.windowMillis = properties.failedAuthWindow().toMillis();
        this.clock = clock;
    }

    /** How long this client must wait, or {@link Duration#ZERO} when it is not over the limit. */
    public Duration retryAfter(String client) {
        Window window = windows.get(client);
        long now = clock.millis();
        if (window == null || window.failures() < limit || now - window.startMillis() >= windowMillis) {
            return Duration.ZERO;
        }
        return Duration.ofMillis(window.startMillis() + windowMillis - now);
    }

    public void recordFailure(String client) {
        long now = clock.millis();
        if (windows.size() >= MAX_CLIENTS) {
            windows.values().removeIf(w -> now - w.startMillis() >= windowMillis);
        }
        windows.compute(client, (key, window) -> window == null || now - window.startMillis() >= windowMillis
                ? new Window(now, 1) : new Window(window.startMillis(), window.failures() + 1));
    }
}
