package com.example.paubox.notify;

import com.example.paubox.inbox.Inbox;
import com.example.paubox.inbox.PauboxEvent;
import com.example.paubox.delivery.AlertDigest;
import com.example.paubox.delivery.Digests;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.regex.Pattern;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Text of the Slack alerts and notification emails. They carry the minimum necessary: the kind of
 * event, its time, Paubox's message id, the ticket id, the sender's domain and the recipient as
 * each sink's {@link RecipientDisplay} says (masked unless an operator chose otherwise); never the
 * subject or the custom headers.
 */
@Component("notificationMessages")
public class NotificationMessages {

    private final RecipientDisplay slackRecipient;
    private final RecipientDisplay emailRecipient;
    private final RecipientHasher hasher;

    @Autowired
    public NotificationMessages(SlackProperties slack, EmailProperties email, NotifyProperties notify) {
        this(slack, email, RecipientHasher.of(notify.hashKey()));
    }

    NotificationMessages(SlackProperties slack, EmailProperties email, RecipientHasher hasher) {
        this.slackRecipient = slack.recipientDisplay();
        this.emailRecipient = email.recipientDisplay();
        this.hasher = hasher;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029]");

    private static final Map<String, String> KINDS = Map.of(
            "api_mail_log_delivered", "Delivered",
            "api_mail_log_temporary_failure", "Soft bounce",
            "api_mail_log_permanent_failure", "Hard bounce",
            "api_mail_log_opened", "Opened");

    /**
     * The alert's text. Every value that comes from the payload is escaped as Slack's formatting
     * rules ask ({@code &}, {@code <}, {@code >}), so that a domain like {@code <!channel>} or
     * {@code <http://x|y>} shows as typed instead of notifying a channel or making a link, and
     * has its control characters (line breaks that could forge lines) replaced.
     */
    public String slackText(@ExchangeProperty(Inbox.EVENT) PauboxEvent event, @Header("ticketId") Long ticketId) {
        StringBuilder text = new StringBuilder()
                .append(slack(kind(event))).append(": Paubox message ").append(slack(event.pauboxMessageId()))
                .append(" (").append(slack(event.eventName())).append(")\n")
                .append("Time: ").append(time(event)).append('\n')
                .append("From domain: ").append(slack(RecipientMasking.domain(event.sender())))
                .append(" | To: ").append(slack(slackRecipient.show(event.recipient(), hasher)));
        if (ticketId != null) {
            text.append("\nTicket: #").append(ticketId);
        }
        return text.toString();
    }

    /** Text for Slack: control characters replaced, then {@code & < >} escaped as Slack asks. */
    public static String slack(String value) {
        String plain = plain(value);
        StringBuilder escaped = new StringBuilder(plain.length() + 8);
        for (int i = 0; i < plain.length(); i++) {
            char c = plain.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** A payload value on one line: control characters (line breaks among them) become {@code ?}. */
    public static String plain(String value) {
        return value == null ? "(none)" : CONTROL.matcher(value).replaceAll("?");
    }

    /** The JSON an incoming webhook takes: {@code {"text": ...}}. */
    public String slackPayload(@ExchangeProperty(Inbox.EVENT) PauboxEvent event, @Header("ticketId") Long ticketId) {
        return JSON.createObjectNode().put("text", slackText(event, ticketId)).toString();
    }

    public String emailSubject(@ExchangeProperty(Inbox.EVENT) PauboxEvent event) {
        return "[Paubox] " + plain(kind(event)) + ": message " + plain(event.pauboxMessageId());
    }

    public String emailText(@ExchangeProperty(Inbox.EVENT) PauboxEvent event) {
        return plain(kind(event)) + " (" + plain(event.eventName()) + ")\n\n"
                + "Paubox message: " + plain(event.pauboxMessageId()) + "\n"
                + "Time: " + time(event) + "\n"
                + "From domain: " + plain(RecipientMasking.domain(event.sender())) + "\n"
                + "To: " + plain(emailRecipient.show(event.recipient(), hasher)) + "\n\n"
                + "Receiver event id: " + event.eventId() + "\n";
    }

    private static String kind(PauboxEvent event) {
        return KINDS.getOrDefault(event.eventName(), event.eventName());
    }

    // Digests: several alerts of one kind to one destination, held over a window (AlertDigest).
    // They say the window, counts per kind and per sender domain, a few recipients as each sink
    // shows them (never the full address) and "and N more", the tickets, and where to look.

    /** Recipients a digest names, at most. */
    static final int DIGEST_RECIPIENTS = 5;
    /** Sender domains a digest counts by name, at most; the rest are counted together. */
    static final int DIGEST_DOMAINS = 20;
    /** Ticket ids a digest names, at most. */
    static final int DIGEST_TICKETS = 20;
    /** Slack's limit on a section block's text. */
    static final int SLACK_SECTION_CHARS = 3000;

    /**
     * A digest for an incoming webhook: Block Kit blocks (a header, then sections: window and
     * counts, recipients, tickets, where to look; well within Slack's 50 blocks and 3,000
     * characters a section) and a plain {@code text} fallback for notifications.
     */
    public String slackDigest(@ExchangeProperty(Digests.DIGEST) AlertDigest digest) {
        ObjectNode message = JSON.createObjectNode();
        message.put("text", slack(digestTitle(digest)) + " (" + slack(window(digest)) + "). " + slack(where(digest)));
        ArrayNode blocks = message.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("text", cut(digestTitle(digest), 150));
        section(blocks, "*Window:* " + slack(window(digest)) + "\n*" + slack(digestKind(digest)) + ":* " + digest.size()
                + "\n*By sender domain:* " + slack(byDomain(digest)));
        section(blocks, "*Recipients:* " + slack(recipients(digest, slackRecipient)));
        if (!digest.ticketIds().isEmpty()) {
            section(blocks, "*Tickets:* " + slack(tickets(digest)));
        }
        blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn").put("text", slack(where(digest)));
        return message.toString();
    }

    public String emailDigestSubject(@ExchangeProperty(Digests.DIGEST) AlertDigest digest) {
        return "[Paubox] " + plain(digestTitle(digest));
    }

    public String emailDigestText(@ExchangeProperty(Digests.DIGEST) AlertDigest digest) {
        StringBuilder text = new StringBuilder()
                .append(plain(digestTitle(digest))).append("\n\n")
                .append("Window: ").append(plain(window(digest))).append('\n')
                .append(plain(digestKind(digest))).append(" (").append(plain(digest.kind())).append("): ").append(digest.size()).append('\n')
                .append("By sender domain: ").append(plain(byDomain(digest))).append('\n')
                .append("Recipients: ").append(plain(recipients(digest, emailRecipient))).append('\n');
        if (!digest.ticketIds().isEmpty()) {
            text.append("Tickets: ").append(plain(tickets(digest))).append('\n');
        }
        return text.append('\n').append(plain(where(digest))).append('\n').toString();
    }

    private static void section(ArrayNode blocks, String markdown) {
        blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", cut(markdown, SLACK_SECTION_CHARS));
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }

    private static String digestKind(AlertDigest digest) {
        return KINDS.getOrDefault(digest.kind(), digest.kind());
    }

    private static String digestTitle(AlertDigest digest) {
        return digestKind(digest) + " digest: " + digest.size() + " alerts";
    }

    private static String window(AlertDigest digest) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(digest.from().withNano(0)) + " to "
                + DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(digest.to().withNano(0));
    }

    /** {@code clinic-a.example 120, clinic-b.example 3}, most first, the rest counted together. */
    private static String byDomain(AlertDigest digest) {
        Map<String, Long> counts = digest.alerts().stream()
                .collect(Collectors.groupingBy(event -> RecipientMasking.plain(RecipientMasking.domain(event.sender())), TreeMap::new,
                        Collectors.counting()));
        List<Map.Entry<String, Long>> sorted = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).toList();
        String named = sorted.stream().limit(DIGEST_DOMAINS).map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        long others = sorted.stream().skip(DIGEST_DOMAINS).mapToLong(Map.Entry::getValue).sum();
        return others == 0 ? named : named + ", and " + others + " from " + (sorted.size() - DIGEST_DOMAINS) + " other domains";
    }

    /** Up to {@value #DIGEST_RECIPIENTS} recipients as the sink shows them (masked at most: never the full address), "and N more". */
    private String recipients(AlertDigest digest, RecipientDisplay display) {
        RecipientDisplay shown = display == RecipientDisplay.FULL ? RecipientDisplay.MASKED : display;
        List<String> distinct = digest.alerts().stream().map(event -> shown.show(event.recipient(), hasher)).distinct().toList();
        String named = String.join(", ", distinct.subList(0, Math.min(DIGEST_RECIPIENTS, distinct.size())));
        int more = digest.size() - Math.min(DIGEST_RECIPIENTS, distinct.size());
        return more > 0 ? named + " and " + more + " more" : named;
    }

    private static String tickets(AlertDigest digest) {
        List<Long> ids = digest.ticketIds();
        String named = ids.stream().limit(DIGEST_TICKETS).map(id -> "#" + id).collect(Collectors.joining(", "));
        return ids.size() > DIGEST_TICKETS ? named + " and " + (ids.size() - DIGEST_TICKETS) + " more" : named;
    }

    private static String where(AlertDigest digest) {
        return "Each alert: GET /admin/digests/" + digest.id() + " (admin API)";
    }

    private static String time(PauboxEvent event) {
        return event.eventTime() == null ? "(not given)" : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(event.eventTime());
    }
}
