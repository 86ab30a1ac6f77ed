package com.example.paubox.notify;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
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
 * @param destinations further incoming webhooks, by destination name, which the routing table
 *     names as {@code to: direct:slack-alert/<name>}; the URL of one left out here is read from
 *     the environment variable {@code SLACK_WEBHOOK_URL_<NAME>} ({@link AlertDestinations})
 */
@Validated
@ConfigurationProperties("paubox.slack")
public record SlackProperties(
        String webhookUrl,
        @DefaultValue("masked") @NotNull RecipientDisplay recipientDisplay,
        @DefaultValue Map<String, Destination> destinations) {

    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "[::1]", "::1", "localhost");

    /**
     * One named Slack destination.
     *
     * @param webhookUrl its incoming-webhook URL (a secret, like {@code SLACK_WEBHOOK_URL}); blank: disabled
     * @param digest false to send its alerts one message per event; unset: {@code paubox.alerts.digest.enabled}
     */
    public record Destination(String webhookUrl, Boolean digest) {
    }

    public boolean enabled() {
        return StringUtils.hasText(webhookUrl);
    }

    /** Alerts carry PHI: never in clear text over a network. */
    @AssertTrue(message = "SLACK_WEBHOOK_URL must start with https:// (plain http:// only to a loopback host:"
            + " 127.0.0.1, [::1] or localhost, for tests and local trials)")
    public boolean isEncrypted() {
        return !enabled() || encrypted(webhookUrl);
    }

    /** Every named destination's URL, like {@code SLACK_WEBHOOK_URL}: https://, or http:// to a loopback host. */
    @AssertTrue(message = "every paubox.slack.destinations.<name>.webhook-url must start with https:// (plain http:// only"
            + " to a loopback host: 127.0.0.1, [::1] or localhost, for tests and local trials)")
    public boolean isEveryDestinationEncrypted() {
        return destinations.values().stream().allMatch(d -> !StringUtils.hasText(d.webhookUrl()) || encrypted(d.webhookUrl()));
    }

    /** Whether an incoming-webhook URL keeps alerts off the network in clear text. */
    public static boolean encrypted(String webhookUrl) {
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
