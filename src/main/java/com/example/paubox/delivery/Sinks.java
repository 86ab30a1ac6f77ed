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

    public static final String SLACK = "slack";
    public static final String EMAIL = "email";

    private final SlackProperties slack;
    private final EmailProperties email;

    public Sinks(SlackProperties slack, EmailProperties email) {
        this.slack = slack;
        this.email = email;
    }

    public boolean isEnabled(String sink) {
        return switch (sink) {
            case SLACK -> slack.enabled();
            case EMAIL -> email.enabled();
            default -> true;
        };
    }
}
