package com.example.paubox.watch;

import static com.example.paubox.notify.NotificationMessages.plain;
import static com.example.paubox.notify.NotificationMessages.slack;

import com.example.paubox.inbox.Inbox;
import com.example.paubox.inbox.PauboxEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/**
 * Text of the receiver's alerts about itself, for the Slack and email sinks: what started, goes
 * on or resolved, since when, what it looks like, and what to do. Counts, times and sink names
 * only: no PHI.
 */
@Component("watchMessages")
public class WatchMessages {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Map<String, String> TITLES = Map.of(
            WatchConditions.SILENCE, "no webhooks",
            WatchConditions.EVENTS_LOST, "events lost",
            WatchConditions.TOKEN_TROUBLE, "wrong webhook tokens",
            WatchConditions.SINK_FAILING, "a sink failing",
            WatchConditions.BACKLOG, "backlog");

    private static final Map<String, String> ADVICE = Map.of(
            WatchConditions.SILENCE, "Paubox may have stopped sending (the webhook URL or token in its dashboard), or the way in"
                    + " (DNS, proxy, TLS certificate) is broken. Send one test webhook to find out.",
            WatchConditions.EVENTS_LOST, "These webhooks were not stored and Paubox does not send them again. Check the database"
                    + " (/actuator/health). With PAUBOX_API_USERNAME and PAUBOX_API_KEY set, the receiver asks Paubox about"
                    + " the messages around this time (README \"When events go missing\").",
            WatchConditions.TOKEN_TROUBLE, "Compare the token in Paubox's dashboard with PAUBOX_WEBHOOK_TOKEN (during a rotation,"
                    + " list both, comma-separated). Events sent with a wrong token are not stored.",
            WatchConditions.SINK_FAILING, "Its deliveries are retried with backoff; dead letters wait in GET /admin/dead-letters"
                    + " and can be replayed once the sink is fixed.",
            WatchConditions.BACKLOG, "Events are stored but not yet routed or delivered: see the sink-failing alerts,"
                    + " /actuator/health and GET /admin/watch.");

    public String slackPayload(@ExchangeProperty(Inbox.EVENT) PauboxEvent event) {
        WatchAlert alert = WatchAlert.of(event);
        StringBuilder text = new StringBuilder()
                .append(emoji(alert)).append(" *").append(slack(headline(alert))).append("*\n")
                .append(slack(alert.detail())).append('\n');
        if (!"resolved".equals(alert.state())) {
            text.append(slack(ADVICE.getOrDefault(alert.condition(), ""))).append('\n');
        }
        text.append("Since: ").append(WatchConditions.time(alert.since()))
                .append(" | This alert: ").append(WatchConditions.time(alert.time()))
                .append(" | Conditions: GET /admin/watch");
        return JSON.createObjectNode().put("text", text.toString()).toString();
    }

    public String emailSubject(@ExchangeProperty(Inbox.EVENT) PauboxEvent event) {
        return "[Paubox receiver] " + plain(headline(WatchAlert.of(event)));
    }

    public String emailText(@ExchangeProperty(Inbox.EVENT) PauboxEvent event) {
        WatchAlert alert = WatchAlert.of(event);
        StringBuilder text = new StringBuilder()
                .append(plain(headline(alert))).append("\n\n")
                .append(plain(alert.detail())).append("\n\n");
        if (!"resolved".equals(alert.state())) {
            text.append(plain(ADVICE.getOrDefault(alert.condition(), ""))).append("\n\n");
        }
        return text.append("Condition: ").append(plain(alert.title())).append('\n')
                .append("Since: ").append(WatchConditions.time(alert.since())).append('\n')
                .append("This alert: ").append(WatchConditions.time(alert.time())).append('\n')
                .append("Every condition: GET /admin/watch, or /actuator/health\n").toString();
    }

    /** {@code Started: events lost}, {@code Still going on after 4 h: a sink failing (slack-alert/clinic-a)}, {@code Resolved: ...}. */
    static String headline(WatchAlert alert) {
        String what = TITLES.getOrDefault(alert.condition(), alert.condition())
                + (alert.subject() == null ? "" : " (" + alert.subject() + ")");
        return switch (alert.state()) {
            case "started" -> "Receiver alert: " + what;
            case "reminder" -> "Still going on after " + WatchConditions.duration(Duration.between(alert.since(), alert.time()))
                    + ": " + what;
            case "resolved" -> "Resolved after " + WatchConditions.duration(Duration.between(alert.since(), alert.time()))
                    + ": " + what;
            default -> alert.state() + ": " + what;
        };
    }

    private static String emoji(WatchAlert alert) {
        return switch (alert.state()) {
            case "started" -> ":rotating_light:";
            case "resolved" -> ":white_check_mark:";
            default -> ":warning:";
        };
    }
}
