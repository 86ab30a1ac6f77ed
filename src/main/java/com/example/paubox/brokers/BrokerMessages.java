package com.example.paubox.brokers;

import com.example.paubox.inbox.Inbox;
import com.example.paubox.inbox.PauboxEvent;
import com.example.paubox.notify.RecipientMasking;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/**
 * The message every broker sink publishes for an event, one schema for all brokers (README
 * "Brokers"): {@code eventId}, {@code eventKey} (the inbox's idempotency key: deduplicate by it),
 * {@code eventName}, {@code pauboxMessageId}, {@code receivedAt}, and either the notification
 * exactly as Paubox sent it ({@code notification}, with {@code paubox.brokers.message=full}) or
 * only what the alerts show ({@code minimal}: {@code eventTime}, {@code senderDomain},
 * {@code recipientDomain}, {@code maskedRecipient}).
 */
@Component("brokerMessages")
public class BrokerMessages {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BrokerProperties.Message form;

    public BrokerMessages(BrokerProperties properties) {
        this.form = properties.message();
    }

    public String json(@ExchangeProperty(Inbox.EVENT) PauboxEvent event) throws JsonProcessingException {
        ObjectNode message = JSON.createObjectNode()
                .put("eventId", event.eventId())
                .put("eventKey", event.eventKey())
                .put("eventName", event.eventName())
                .put("pauboxMessageId", event.pauboxMessageId())
                .put("receivedAt", time(event.receivedAt()));
        if (form == BrokerProperties.Message.FULL) {
            message.set("notification", JSON.readTree(event.rawBody()));
        } else {
            message.put("eventTime", time(event.eventTime()))
                    .put("senderDomain", RecipientMasking.plain(RecipientMasking.domain(event.sender())))
                    .put("recipientDomain", RecipientMasking.plain(RecipientMasking.domain(event.recipient())))
                    .put("maskedRecipient", RecipientMasking.plain(RecipientMasking.mask(event.recipient())));
        }
        return message.toString();
    }

    /** The event key, the id a consumer deduplicates by (AMQP {@code message_id}, a Kafka header). */
    public String eventKey(@ExchangeProperty(Inbox.EVENT) PauboxEvent event) {
        return event.eventKey();
    }

    private static String time(OffsetDateTime time) {
        return time == null ? null : time.toInstant().toString();
    }
}
