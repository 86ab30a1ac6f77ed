package com.example.paubox.reconcile;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;
import org.springframework.validation.annotation.Validated;

/**
 * Reconciliation with Paubox's "Get message receipt" API ({@link Reconciler}).
 *
 * @param apiUsername the API username ({@code PAUBOX_API_USERNAME}); with the key, switches reconciliation on
 * @param apiKey the API key ({@code PAUBOX_API_KEY}): a secret, never logged
 * @param baseUrl {@code PAUBOX_API_BASE_URL}, for tests and proxies
 * @param after a soft bounce with no delivered or hard bounce after this long is asked about
 * @param maxAge a message is given up on this long after it was first seen
 * @param every a message whose state is not final yet is asked about again after this long
 * @param requestInterval at most one request to Paubox per this long, per receiver
 * @param around the messages seen within this long of a window of lost events or downtime are asked about
 * @param discoverInterval how often the windows are looked for and the receiver says it is running
 */
@Validated
@ConfigurationProperties("paubox.reconcile")
public record ReconcileProperties(
        String apiUsername,
        String apiKey,
        @DefaultValue("https://api.paubox.net/v1") @NotNull String baseUrl,
        @DefaultValue("2h") @NotNull Duration after,
        @DefaultValue("3d") @NotNull Duration maxAge,
        @DefaultValue("1h") @NotNull Duration every,
        @DefaultValue("1s") @NotNull Duration requestInterval,
        @DefaultValue("1h") @NotNull Duration around,
        @DefaultValue("1m") @NotNull Duration discoverInterval) {

    /** Whether reconciliation is on: both the username and the key are set. */
    public boolean enabled() {
        return StringUtils.hasText(apiUsername) && StringUtils.hasText(apiKey);
    }

    /** What is wrong with the settings, for a refusal to start; null when nothing is. */
    public String problem() {
        if (StringUtils.hasText(apiUsername) != StringUtils.hasText(apiKey)) {
            return (StringUtils.hasText(apiKey) ? "PAUBOX_API_KEY is set without PAUBOX_API_USERNAME"
                    : "PAUBOX_API_USERNAME is set without PAUBOX_API_KEY") + ": reconciliation needs both (or neither)";
        }
        if (enabled() && !baseUrl.startsWith("https://") && !baseUrl.matches("http://(127\\.0\\.0\\.1|localhost|\\[::1\\])[:/].*")) {
            return "PAUBOX_API_BASE_URL must start with https:// (the API key travels with every request;"
                    + " plain http:// only to a loopback host, for tests)";
        }
        return null;
    }

    @Override
    public String toString() {
        return "ReconcileProperties[apiUsername=" + apiUsername + ", apiKey=" + (StringUtils.hasText(apiKey) ? "(set)" : "(unset)")
                + ", baseUrl=" + baseUrl + "]";
    }
}
