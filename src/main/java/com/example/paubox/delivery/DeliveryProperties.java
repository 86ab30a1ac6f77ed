package com.example.paubox.delivery;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How deliveries to sinks are retried, and how work is shared between instances.
 *
 * @param initialDelay wait before the first retry of a failed delivery
 * @param multiplier each further retry waits this many times longer than the one before
 * @param maxDelay the longest wait between two attempts
 * @param maxAttempts attempts in all before a delivery is dead (a dead letter, replayable)
 * @param jitter share of each wait that is random, so that retries from a burst spread out
 * @param lease how long a claim on an event or a delivery holds; a claim held by a process that
 *     died becomes free when its lease runs out
 * @param pollInterval how often the sweeper and the retry route look for work
 * @param instanceId the name this process claims work under (default: host and process id)
 * @param bookkeepingWriters threads writing claims and delivery outcomes, each transaction holding
 *     those issued at the same moment (see {@link BookkeepingWriter})
 * @param bookkeepingLinger how long a bookkeeping writer waits for more statements before it
 *     commits a small group: fewer commits (WAL flushes) per event, a little later
 */
@Validated
@ConfigurationProperties("paubox.delivery")
public record DeliveryProperties(
        @DefaultValue("2s") @NotNull Duration initialDelay,
        @DefaultValue("2.0") @DecimalMin("1.0") double multiplier,
        @DefaultValue("10m") @NotNull Duration maxDelay,
        @DefaultValue("10") @Min(1) int maxAttempts,
        @DefaultValue("0.25") @DecimalMin("0.0") @DecimalMax("1.0") double jitter,
        @DefaultValue("2m") @NotNull Duration lease,
        @DefaultValue("1s") @NotNull Duration pollInterval,
        String instanceId,
        @DefaultValue("1") @Min(1) int bookkeepingWriters,
        @DefaultValue("2ms") @NotNull Duration bookkeepingLinger) {

    /** The wait before attempt {@code attempts + 1}, without jitter: initial x multiplier^(attempts-1), capped. */
    public Duration backoff(int attempts) {
        double millis = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, attempts - 1));
        return Duration.ofMillis((long) Math.min(millis, maxDelay.toMillis()));
    }
}
