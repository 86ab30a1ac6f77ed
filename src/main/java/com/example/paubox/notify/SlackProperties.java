package com.example.paubox.notify;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;
import org.springframework.validation.annotation.Validated;

/**
 * The Slack sink.
 *
 * @param webhookUrl the Slack incoming-webhook URL ({@code SLACK_WEBHOOK_URL}); blank disables the
 *     sink. It is a secret: only its host is ever logged
 * @param minInterval the least time between two alerts (Slack allows about one a second per
 *     incoming webhook); a burst is queued, not refused
 * @param recipientDisplay how alerts show the recipient: masked (default), hashed or full
 */
@Validated
@ConfigurationProperties("paubox.slack")
public record SlackProperties(
        String webhookUrl,
        @DefaultValue("1s") @NotNull Duration minInterval,
        @DefaultValue("masked") @NotNull RecipientDisplay recipientDisplay) {

    public boolean enabled() {
        return StringUtils.hasText(webhookUrl);
    }
}
