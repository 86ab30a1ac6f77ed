package com.example.paubox.system;

import com.example.paubox.notify.EmailProperties;
import com.example.paubox.notify.SlackProperties;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Says at startup which sinks are on, and where the routes came from, without printing secrets. */
@Component
class StartupReport {

    private static final Logger log = LoggerFactory.getLogger(StartupReport.class);

    private final SlackProperties slack;
    private final EmailProperties email;
    private final Environment environment;

    StartupReport(SlackProperties slack, EmailProperties email, Environment environment) {
        this.slack = slack;
        this.email = email;
        this.environment = environment;
    }

    @EventListener(ApplicationReadyEvent.class)
    void report() {
        log.info("Routes loaded from {}", environment.getProperty("camel.main.routes-include-pattern"));
        if (slack.enabled()) {
            log.info("Slack sink: enabled, posting to host {}, recipients shown {}", host(slack.webhookUrl()),
                    slack.recipientDisplay().name().toLowerCase());
        } else {
            log.warn("Slack sink: disabled (SLACK_WEBHOOK_URL is not set); events routed to it are recorded as skipped");
        }
        if (email.enabled()) {
            log.info("Email sink: enabled, relay {}:{}, STARTTLS {}, recipients shown {}", email.host(), email.port(),
                    email.requireTls() ? "required" : "optional", email.recipientDisplay().name().toLowerCase());
        } else {
            log.warn("Email sink: disabled (SMTP_HOST is not set); events routed to it are recorded as skipped");
        }
    }

    private static String host(String url) {
        try {
            return URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return "(unparseable URL)";
        }
    }
}
