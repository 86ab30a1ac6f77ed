package com.example.paubox.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class FailedAuthLimiterTests {

    private static WebhookProperties properties(int limit, int clients) {
        return new WebhookProperties("t", DataSize.ofKilobytes(64), false, limit, Duration.ofMinutes(1), clients, Duration.ofSeconds(5), true);
    }

    @Test
    void clientOverTheLimitWaitsForItsWindowToPass() {
        MutableClock clock = new MutableClock();
        FailedAuthLimiter limiter = new FailedAuthLimiter(properties(3, 100), clock);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.retryAfter("10.0.0.1")).isZero();
            limiter.recordFailure("10.0.0.1");
        }
        assertThat(limiter.retryAfter("10.0.0.1")).isEqualTo(Duration.ofMinutes(1));
        assertThat(limiter.retryAfter("10.0.0.2")).isZero();
        clock.advance(Duration.ofSeconds(45));
        assertThat(limiter.retryAfter("10.0.0.1")).isEqualTo(Duration.ofSeconds(15));
        clock.advance(Duration.ofSeconds(15));
        assertThat(limiter.retryAfter("10.0.0.1")).isZero();
        limiter.recordFailure("10.0.0.1");
        assertThat(limiter.retryAfter("10.0.0.1")).as("a new window counts from one").isZero();
    }

    @Test
    void manyClientsTakeBoundedMemoryAndTheMostRecentStayThrottled() {
        MutableClock clock = new MutableClock();
        FailedAuthLimiter limiter = new FailedAuthLimiter(properties(2, 1_000), clock);
        limiter.recordFailure("guesser");
        limiter.recordFailure("guesser");
        for (int i = 0; i < 200_000; i++) {
            limiter.recordFailure("10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255));
            if (i % 500 == 0) {
                limiter.recordFailure("guesser"); // still failing: stays among the most recent
            }
        }
        assertThat(limiter.trackedClients()).isEqualTo(1_000);
        assertThat(limiter.retryAfter("guesser")).isPositive();
        assertThat(limiter.retryAfter("10.0.0.0")).as("the least recent is forgotten").isZero();
    }

    @Test
    void eachFailureCostsAboutTheSameHoweverManyClientsAreTracked() {
        // The old table scanned every entry on each failure once it held 10,000 clients
        // (and removed nothing when all were in their window): a million guesses took minutes.
        FailedAuthLimiter limiter = new FailedAuthLimiter(properties(20, 10_000), new MutableClock());
        long start = System.nanoTime();
        for (int i = 0; i < 1_000_000; i++) {
            limiter.recordFailure(Integer.toString(i));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(limiter.trackedClients()).isEqualTo(10_000);
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
