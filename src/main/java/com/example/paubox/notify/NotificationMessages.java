package com.example.paubox.notify;

import com.example.paubox.inbox.Inbox;
import com.example.paubox.inbox.PauboxEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.format.DateTimeFormatter;
import java.util.Map;
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
    static String slack(String value) {
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
    static String plain(String value) {
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

    private static String time(PauboxEvent event) {
        return event.eventTime() == null ? "(not given)" : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(event.eventTime());
    }
}
