package com.example.paubox.system;

import com.example.paubox.delivery.DigestProperties;
import com.example.paubox.delivery.Digests;
import com.example.paubox.delivery.Sinks;
import com.example.paubox.notify.EmailProperties;
import com.example.paubox.notify.SlackDestinations;
import com.example.paubox.notify.SlackProperties;
import com.example.paubox.reconcile.ReconcileProperties;
import com.example.paubox.tickets.TicketsConfiguration;
import com.example.paubox.tickets.TicketsProperties;
import com.example.paubox.watch.WatchConditions;
import com.example.paubox.watch.WatchProperties;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
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
 * reads from) and every sink the routing table names: on or off (and the setting that would
 * switch it on), its pace and retry policy, without printing secrets: the Slack URL shows only
 * its host, a database URL no credentials.
 */
@Component
class StartupReport {

    private static final Logger log = LoggerFactory.getLogger(StartupReport.class);

    /** The environment variables users set for the shipped sinks' enabled-by settings. */
    private static final Map<String, String> SETTING_NAMES = Map.of(
            "paubox.slack.webhook-url", "SLACK_WEBHOOK_URL",
            "paubox.email.host", "SMTP_HOST",
            "spring.rabbitmq.host", "SPRING_RABBITMQ_HOST",
            "paubox.brokers.kafka.bootstrap-servers", "SPRING_KAFKA_BOOTSTRAP_SERVERS");

    /** The sinks the routing table names only while they are on (a filter in front of each). */
    private static final java.util.Set<String> BROKER_SINKS = java.util.Set.of("rabbitmq-publish", "kafka-publish");

    private final SlackProperties slack;
    private final SlackDestinations slackDestinations;
    private final Digests digests;
    private final Duration digestWindow;
    private final EmailProperties email;
    private final TicketsProperties tickets;
    private final Sinks sinks;
    private final Environment environment;
    private final CamelContext camel;
    private final WatchProperties watch;
    private final ReconcileProperties reconcile;

    StartupReport(SlackProperties slack, SlackDestinations slackDestinations, Digests digests, DigestProperties digestProperties,
            EmailProperties email, TicketsProperties tickets, Sinks sinks, Environment environment, CamelContext camel,
            WatchProperties watch, ReconcileProperties reconcile) {
        this.watch = watch;
        this.reconcile = reconcile;
        this.slack = slack;
        this.slackDestinations = slackDestinations;
        this.digests = digests;
        this.digestWindow = digestProperties.window();
        this.email = email;
        this.tickets = tickets;
        this.sinks = sinks;
        this.environment = environment;
        this.camel = camel;
    }

    @EventListener(ApplicationReadyEvent.class)
    void report() {
        log.info("Routes loaded from {}: {} route(s)", environment.getProperty("camel.main.routes-include-pattern"),
                camel.getRoutes().size());
        camel.getRoutes().stream().sorted(Comparator.comparing(Route::getRouteId)).forEach(route ->
                log.info("Route {} from {} reads {}", route.getRouteId(), file(route), route.getEndpoint().getEndpointBaseUri()));
        for (String sink : Sinks.namedByRouter(camel)) {
            if (!sinks.isEnabled(sink)) {
                String setting = SETTING_NAMES.getOrDefault(sinks.enabledBy(sink), sinks.enabledBy(sink));
                if (BROKER_SINKS.contains(sink)) {
                    log.info("Sink {}: off ({} is not set); the routing table names it once it is", sink, setting);
                } else {
                    log.warn("Sink {}: disabled ({} is not set); events routed to it are recorded as skipped", sink, setting);
                }
                continue;
            }
            Sinks.RetryPolicy retry = sinks.retry(sink);
            Duration pace = sinks.pace(sink);
            log.info("Sink {}: enabled{}; {}retried up to {} attempts, {} to {} apart", sink, detail(sink),
                    pace.isZero() ? "" : "pace " + pace.toMillis() + "ms; ", retry.maxAttempts(),
                    retry.initialDelay().toMillis() + "ms", retry.maxDelay().toMillis() + "ms");
        }
        if (watch.enabled()) {
            log.info("Watch: on, every {}; alerts to the ops destination (Slack {}, email {}), reminders every {}; silence after {}",
                    WatchConditions.duration(watch.interval()), destination(Sinks.SLACK), destination(Sinks.EMAIL),
                    WatchConditions.duration(watch.repeat()), WatchConditions.duration(watch.silence()));
        } else {
            log.warn("Watch: off (paubox.watch.enabled=false): nothing tells anyone that events are lost or sinks fail");
        }
        if (reconcile.enabled()) {
            log.info("Reconciliation: on, asking host {} at most once per {}; soft bounces after {}; given up after {}",
                    host(reconcile.baseUrl()), WatchConditions.duration(reconcile.requestInterval()),
                    WatchConditions.duration(reconcile.after()), WatchConditions.duration(reconcile.maxAge()));
        } else {
            log.info("Reconciliation: off (set PAUBOX_API_USERNAME and PAUBOX_API_KEY to ask Paubox about messages whose events were missed)");
        }
    }

    /** How the ops destination of a sink route resolves: its own, the default one, or none. */
    private String destination(String route) {
        String ops = route + "/" + Sinks.OPS_DESTINATION;
        if (!sinks.isEnabled(ops)) {
            return "off";
        }
        String own = Sinks.SLACK.equals(route) ? "SLACK_WEBHOOK_URL_OPS" : "NOTIFY_EMAIL_TO_OPS";
        return environment.getProperty(own) != null || environment.getProperty(Sinks.SLACK.equals(route)
                ? "paubox.slack.destinations.ops.webhook-url" : "paubox.email.lists.ops.to") != null ? "ops" : "default, as no ops is set";
    }

    private static String host(String url) {
        try {
            return java.net.URI.create(url).getHost();
        } catch (RuntimeException unusable) {
            return "(unusable URL)";
        }
    }

    /** What a shipped sink sends to, without secrets. */
    private String detail(String sink) {
        String digest = digests.applies(sink) ? ", alerts in bursts digested over " + digestWindow.toSeconds() + "s" : "";
        return switch (Sinks.route(sink)) {
            case Sinks.SLACK -> ", posting to host " + slackDestinations.host(Sinks.destination(sink)) + digest + ", recipients shown "
                    + slack.recipientDisplay().name().toLowerCase();
            case Sinks.EMAIL -> ", relay " + email.host() + ":" + email.port() + ", list " + Sinks.destination(sink) + digest + ", STARTTLS "
                    + (email.requireTls() ? "required" : "optional") + ", recipients shown " + email.recipientDisplay().name().toLowerCase();
            case "rabbitmq-publish" -> ", exchange paubox.events on " + environment.getProperty("spring.rabbitmq.host") + ":"
                    + environment.getProperty("spring.rabbitmq.port", "5672") + ", confirmed";
            case "kafka-publish" -> ", topic paubox.events on " + environment.getProperty("paubox.brokers.kafka.bootstrap-servers")
                    + ", acks=all, idempotent";
            case "ticket-store", "ticket-resolve" -> ", SQL from paubox.tickets.sql on " + TicketsConfiguration.describe(tickets.datasource().url());
            default -> digest;
        };
    }

    /** The file a route was declared in, as Camel loaded it (file:..., classpath:...). */
    private static String file(Route route) {
        Resource resource = route.getSourceResource();
        if (resource != null && resource.getLocation() != null) {
            return resource.getLocation();
        }
        return route.getSourceLocation() != null ? route.getSourceLocation() : "(not from a file)";
    }
}
