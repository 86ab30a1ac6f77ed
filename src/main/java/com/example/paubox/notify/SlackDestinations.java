package com.example.paubox.notify;

import com.example.paubox.delivery.Sinks;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * The Slack sink's incoming webhooks, by destination name: {@code default} is
 * {@code SLACK_WEBHOOK_URL}; another, named in the routing table as
 * {@code to: direct:slack-alert/<name>}, is {@code paubox.slack.destinations.<name>.webhook-url}
 * or else the environment variable {@code SLACK_WEBHOOK_URL_<NAME>} (upper case, {@code -} as
 * {@code _}). Each incoming webhook posts to its own channel, at its own pace.
 */
@Component("slackDestinations")
public class SlackDestinations extends NamedDestinations {

    private final SlackProperties slack;

    public SlackDestinations(SlackProperties slack, Environment environment) {
        super(environment, "SLACK_WEBHOOK_URL_");
        this.slack = slack;
    }

    @Override
    public String sinkRoute() {
        return Sinks.SLACK;
    }

    /**
     * The incoming-webhook URL of a destination, for the Slack sink's send. A secret: never log it.
     *
     * @throws IllegalStateException when the destination has none (its deliveries are skipped before they get here)
     *     or it is not https:// (nor http:// to a loopback host)
     */
    public String webhookUrl(String destination) {
        String url = Sinks.DEFAULT_DESTINATION.equals(destination) ? slack.webhookUrl() : named(destination);
        if (!StringUtils.hasText(url)) {
            throw new IllegalStateException("Slack destination " + destination + " has no webhook URL (" + setting(destination) + ")");
        }
        if (!SlackProperties.encrypted(url)) {
            throw new IllegalStateException("Slack destination " + destination + ": the webhook URL must start with https://");
        }
        return url.trim();
    }

    @Override
    public boolean isConfigured(String destination) {
        return StringUtils.hasText(named(destination));
    }

    @Override
    public String setting(String destination) {
        return environmentVariable(destination) + " or paubox.slack.destinations." + destination + ".webhook-url"
                + (Sinks.OPS_DESTINATION.equals(destination) ? " (or SLACK_WEBHOOK_URL, which ops falls back to)" : "");
    }

    @Override
    public String problem(String destination) {
        String url = named(destination);
        return StringUtils.hasText(url) && !SlackProperties.encrypted(url) ? environmentVariable(destination)
                + " (Slack destination " + destination + ") must start with https:// (plain http:// only to a loopback host:"
                + " 127.0.0.1, [::1] or localhost, for tests and local trials)" : null;
    }

    /** The host a destination posts to, for the startup log (the rest of the URL is the secret). */
    public String host(String destination) {
        try {
            return java.net.URI.create(webhookUrl(destination)).getHost();
        } catch (RuntimeException unusable) {
            return "(no usable URL)";
        }
    }

    @Override
    String defaultAddress() {
        return slack.webhookUrl();
    }

    @Override
    String declared(String destination) {
        SlackProperties.Destination declared = slack.destinations().get(destination);
        return declared == null ? null : declared.webhookUrl();
    }

    @Override
    Boolean declaredDigest(String destination) {
        SlackProperties.Destination declared = slack.destinations().get(destination);
        return declared == null ? null : declared.digest();
    }
}
