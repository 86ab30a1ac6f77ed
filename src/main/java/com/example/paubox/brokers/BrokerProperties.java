package com.example.paubox.brokers;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The broker sinks ({@code rabbitmq-publish}, ...): what their messages carry.
 *
 * @param message {@code full}: the stored event with Paubox's notification as received (the broker
 *     is inside the trust boundary); {@code minimal}: only what the alerts show (kind, ids, time,
 *     domains, the masked recipient)
 */
@Validated
@ConfigurationProperties("paubox.brokers")
public record BrokerProperties(@DefaultValue("full") @NotNull Message message) {

    public enum Message {
        FULL, MINIMAL
    }
}
