package com.example.paubox.system;

import com.example.paubox.notify.EmailProperties;
import com.example.paubox.notify.SlackProperties;
import java.net.URI;
import java.util.Comparator;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.spi.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Says at startup where the routes came from (one line per route: its id, its file, what it
 * reads from) and which sinks are on, without printing secrets: the Slack URL shows only its
 * host, the database not at all.
 */
@Component
class StartupReport {

    private static final Logger log = LoggerFactory.getLogger(StartupReport.class);

    private final SlackProperties slack;
    private final EmailProperties email;
    private final Environment environment;
    private final CamelContext camel;

    StartupReport(SlackProperties slack, EmailProperties email, Environment environment, CamelContext camel) {
        this.slack = slack;
        this.email = email;
        this.environment = environment;
        this.camel = camel;
    }

    @EventListener(ApplicationReadyEvent.class)
    void report() {
        log.info("Routes loaded from {}: {} route(s)", environment.getProperty("camel.main.routes-include-pattern"),
                camel.getRoutes().size());
        camel.getRoutes().stream().sorted(Comparator.comparing(Route::getRouteId)).forEach(route ->
                log.info("Route {} from {} reads {}", route.getRouteId(), file(route), route.getEndpoint().getEndpointBaseUri()));
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
        // The ticket routes write to the receiver's own database: always on, nothing to configure.
        log.info("Ticket sink: enabled, SQL from paubox.tickets.sql on the receiver's database");
    }

    /** The file a route was declared in, as Camel loaded it (file:..., classpath:...). */
    private static String file(Route route) {
        Resource resource = route.getSourceResource();
        if (resource != null && resource.getLocation() != null) {
            return resource.getLocation();
        }
        return route.getSourceLocation() != null ? route.getSourceLocation() : "(not from a file)";
    }

    private static String host(String url) {
        try {
            return URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return "(unparseable URL)";
        }
    }
}
