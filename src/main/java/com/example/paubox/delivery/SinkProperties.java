package com.example.paubox.delivery;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of each sink, by the name the router gives it ({@code paubox.sinks.<name>}): a sink
 * the router names without settings here is always on, unpaced, and retried as
 * {@code paubox.delivery} says.
 *
 * @param sinks the settings of each sink, by name
 */
@Validated
@ConfigurationProperties("paubox")
public record SinkProperties(@DefaultValue Map<String, @Valid Sink> sinks) {

    /**
     * One sink's settings; each one left out takes its default.
     *
     * @param enabledBy the setting that switches the sink on: the name of a property or an
     *     environment variable (e.g. {@code paubox.slack.webhook-url} or {@code TEAMS_WEBHOOK_URL});
     *     while it is unset or blank, events routed to the sink are recorded as skipped. Unset:
     *     the sink is always on
     * @param pace the least time between two sends from this process (e.g. Slack's one a second
     *     per incoming webhook); sends over that pace are deferred to their turn, not failed.
     *     Unset or zero: no pace
     * @param maxAttempts attempts in all before a delivery is dead (default
     *     {@code paubox.delivery.max-attempts})
     * @param initialDelay wait before the first retry (default {@code paubox.delivery.initial-delay})
     * @param maxDelay the longest wait between two attempts (default {@code paubox.delivery.max-delay})
     * @param digest true for a sink whose alerts are held and sent as digests when they come in
     *     bursts ({@code paubox.alerts.digest}); its route renders the exchange property
     *     {@code alertDigest} when it is set. Unset: false, one message per event
     */
    public record Sink(String enabledBy, Duration pace, @Min(1) Integer maxAttempts, Duration initialDelay, Duration maxDelay,
            Boolean digest) {
    }
}
