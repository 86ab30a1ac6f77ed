package com.example.paubox.watch;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The receiver watching itself ({@link WatchConditions}): what makes each condition start, and
 * how often a condition that goes on is said again.
 *
 * @param enabled whether the receiver-watch route runs
 * @param interval how often the conditions are looked at
 * @param repeat a condition that goes on is said again (a reminder) at most this often
 * @param silence no webhook accepted for this long
 * @param eventsLostQuiet events-lost (webhooks answered 503, not stored) ends after this long without one
 * @param tokenRefusals this many requests refused for a wrong or missing token ...
 * @param tokenWindow ... within this long start token-trouble; it ends after this long without one
 * @param sinkFailing a delivery failing for longer than this, or a dead letter newer than this, is a sink failing
 * @param backlog the oldest unfinished event (not routed, or a delivery not done) older than this
 */
@Validated
@ConfigurationProperties("paubox.watch")
public record WatchProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("30s") @NotNull Duration interval,
        @DefaultValue("4h") @NotNull Duration repeat,
        @DefaultValue("6h") @NotNull Duration silence,
        @DefaultValue("15m") @NotNull Duration eventsLostQuiet,
        @DefaultValue("10") @Min(1) int tokenRefusals,
        @DefaultValue("5m") @NotNull Duration tokenWindow,
        @DefaultValue("10m") @NotNull Duration sinkFailing,
        @DefaultValue("15m") @NotNull Duration backlog) {
}
