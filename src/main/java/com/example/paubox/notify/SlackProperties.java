package com.example.paubox.notify;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;
import org.springframework.validation.annotation.Validated;

/**
 * The Slack sink.
 *
 * @param webhookUrl the Slack incoming-webhook URL ({@code SLACK_WEBHOOK_URL}); blank disables the
 *     sink. It is a secret: only its host is ever logged
 * @param channel the channel named in each message; incoming webhooks post to their own channel
 */
@Validated
@ConfigurationProperties("paubox.slack")
public record SlackProperties(String webhookUrl, @DefaultValue("#paubox-alerts") String channel) {

    public boolean enabled() {
        return StringUtils.hasText(webhookUrl);
    }
}
