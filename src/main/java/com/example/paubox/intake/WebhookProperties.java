package com.example.paubox.intake;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the webhook endpoint {@code POST /webhooks/paubox}.
 *
 * @param token the shared secret(s) a webhook must carry, comma-separated so that a token can be
 *     rotated without losing events ({@code PAUBOX_WEBHOOK_TOKEN}); blank means "generate a
 *     one-off token for this run"
 * @param maxBodySize the largest request body accepted; larger ones get 413 before they are read
 * @param requireToken refuse to start without a configured token (on in the {@code prod} profile)
 * @param failedAuthLimit wrong-token requests one client may make per window before it gets 429
 * @param failedAuthWindow the window over which failed attempts are counted
 * @param failedAuthClients how many clients the failed-attempt counter tracks at most (memory bound)
 * @param bodyReadTimeout the longest an authenticated request may take to send its whole body;
 *     then it gets 408 and the connection is closed, nothing stored
 * @param refuseOtherWebhookPaths every path under {@code /webhooks/} but the endpoint is refused
 *     401 (the standalone receiver); false inside an application that embeds the receiver, which
 *     may serve webhooks of its own there: then only the endpoint's own paths are guarded
 */
@Validated
@ConfigurationProperties("paubox.webhook")
public record WebhookProperties(
        String token,
        @DefaultValue("64KB") @NotNull DataSize maxBodySize,
        @DefaultValue("false") boolean requireToken,
        @DefaultValue("20") @Min(1) int failedAuthLimit,
        @DefaultValue("1m") @NotNull Duration failedAuthWindow,
        @DefaultValue("10000") @Min(1) int failedAuthClients,
        @DefaultValue("5s") @NotNull Duration bodyReadTimeout,
        @DefaultValue("true") boolean refuseOtherWebhookPaths) {

    @ConstructorBinding
    public WebhookProperties {
    }

    /** With the defaults of the settings added later (for code that builds these by hand). */
    public WebhookProperties(String token, DataSize maxBodySize, boolean requireToken, int failedAuthLimit,
            Duration failedAuthWindow) {
        this(token, maxBodySize, requireToken, failedAuthLimit, failedAuthWindow, 10_000, Duration.ofSeconds(5), true);
    }

    /** The configured tokens, trimmed, blanks dropped. */
    public List<String> tokens() {
        if (token == null) {
            return List.of();
        }
        return Arrays.stream(token.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
    }
}
