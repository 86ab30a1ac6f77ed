package com.example.paubox.delivery;

import com.example.paubox.notify.EmailProperties;
import com.example.paubox.notify.SlackProperties;
import org.springframework.stereotype.Component;

/**
 * Which sinks are switched on. Slack and email are off until their settings are given; the
 * ticketing sinks write to the application's own database and are always on.
 */
@Component
public class Sinks {

    /** The route that posts to Slack: off without SLACK_WEBHOOK_URL. */
    public static final String SLACK = "slack-alert";
    /** The route that sends email: off without SMTP_HOST. */
    public static final String EMAIL = "email-notify";

    private final SlackProperties slack;
    private final EmailProperties email;

    public Sinks(SlackProperties slack, EmailProperties email) {
        this.slack = slack;
        this.email = email;
    }

    /** Whether the sink route with this id may deliver; any route but Slack and email always may. */
    public boolean isEnabled(String sink) {
        return switch (sink) {
            case SLACK -> slack.enabled();
            case EMAIL -> email.enabled();
            default -> true;
        };
    }
}
