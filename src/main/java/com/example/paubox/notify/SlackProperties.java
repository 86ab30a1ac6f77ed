package com.example.paubox.notify;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;
import org.springframework.validation.annotation.Validated;

/**
 * The Slack sink.
 *
 * @param webhookUrl the Slack incoming-webhook URL ({@code SLACK_WEBHOOK_URL}); blank disables the
 *     sink. It is a secret: only its host is ever logged. It must be {@code https://} (alerts carry
 *     PHI); plain {@code http://} is accepted only for a loopback host ({@code 127.0.0.1},
 *     {@code [::1]}, {@code localhost}), for tests and local trials
 * @param recipientDisplay how alerts show the recipient: masked (default), hashed or full
 */
@Validated
@ConfigurationProperties("paubox.slack")
public record SlackProperties(
        String webhookUrl,
        @DefaultValue("masked") @NotNull RecipientDisplay recipientDisplay) {

    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "[::1]", "::1", "localhost");

    public boolean enabled() {
        return StringUtils.hasText(webhookUrl);
    }

    /** Alerts carry PHI: never in clear text over a network. */
    @AssertTrue(message = "SLACK_WEBHOOK_URL must start with https:// (plain http:// only to a loopback host:"
            + " 127.0.0.1, [::1] or localhost, for tests and local trials)")
    public boolean isEncrypted() {
        if (!enabled()) {
            return true;
        }
        try {
            URI uri = new URI(webhookUrl.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
            return !host.isEmpty() && (scheme.equals("https") || scheme.equals("http") && LOOPBACK.contains(host));
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
