package com.example.paubox.delivery;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Digests of alerts that come in bursts ({@link Digests}).
 *
 * @param enabled whether the alert sinks (those with {@code paubox.sinks.<name>.digest: true})
 *     digest at all; each destination may say otherwise ({@code paubox.slack.destinations.<name>.digest},
 *     {@code paubox.email.lists.<name>.digest}). False: one message per event
 * @param window how long the alerts that follow one sent at once are held before they go out as
 *     one digest; a burst that goes on sends one digest per window
 */
@Validated
@ConfigurationProperties("paubox.alerts.digest")
public record DigestProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("60s") @NotNull Duration window) {
}
