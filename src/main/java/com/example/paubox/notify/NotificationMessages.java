package com.example.paubox.notify;

import com.example.paubox.inbox.Inbox;
import com.example.paubox.inbox.PauboxEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
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

    public NotificationMessages(SlackProperties slack, EmailProperties email) {
        this.slackRecipient = slack.recipientDisplay();
        this.emailRecipient = email.recipientDisplay();
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Map<String, String> KINDS = Map.of(
            "api_mail_log_delivered", "Delivered",
            "api_mail_log_temporary_failure", "Soft bounce",
            "api_mail_log_permanent_failure", "Hard bounce",
            "api_mail_log_opened", "Opened");

    public String slackText(@ExchangeProperty(Inbox.EVENT) PauboxEvent event, @Header("ticketId") Long ticketId) {
        StringBuilder text = new StringBuilder()
                .append(kind(event)).append(": Paubox message ").append(event.pauboxMessageId())
                .append(" (").append(event.eventName()).append(")\n")
                .append("Time: ").append(time(event)).append('\n')
                .append("From domain: ").append(RecipientMasking.domain(event.sender()))
                .append(" | To: ").append(slackRecipient.show(event.recipient()));
        if (ticketId != null) {
            text.append("\nTicket: #").append(ticketId);
        }
        return text.toString();
    }

    /** The JSON an incoming webhook takes: {@code {"text": ...}}. */
    public String slackPayload(@ExchangeProperty(Inbox.EVENT) PauboxEvent event, @Header("ticketId") Long ticketId) {
        return JSON.createObjectNode().put("text", slackText(event, ticketId)).toString();
    }

    public String emailSubject(@ExchangeProperty(Inbox.EVENT) PauboxEvent event) {
        return "[Paubox] " + kind(event) + ": message " + event.pauboxMessageId();
    }

    public String emailText(@ExchangeProperty(Inbox.EVENT) PauboxEvent event) {
        return kind(event) + " (" + event.eventName() + ")\n\n"
                + "Paubox message: " + event.pauboxMessageId() + "\n"
                + "Time: " + time(event) + "\n"
                + "From domain: " + RecipientMasking.domain(event.sender()) + "\n"
                + "To: " + emailRecipient.show(event.recipient()) + "\n\n"
                + "Receiver event id: " + event.eventId() + "\n";
    }

    private static String kind(PauboxEvent event) {
        return KINDS.getOrDefault(event.eventName(), event.eventName());
    }

    private static String time(PauboxEvent event) {
        return event.eventTime() == null ? "(not given)" : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(event.eventTime());
    }
}
