package com.example.paubox.support;

import com.example.paubox.inbox.Inbox;
import com.example.paubox.inbox.PauboxEvent;
import java.time.OffsetDateTime;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;

/**
 * Builds exchanges as the dispatcher hands them to a sink route: the event stored in the inbox,
 * its fields as headers and the {@code event} and {@code eventId} properties set.
 */
public final class DispatchedEvents {

    private final CamelContext camel;
    private final Inbox inbox;

    public DispatchedEvents(CamelContext camel, Inbox inbox) {
        this.camel = camel;
        this.inbox = inbox;
    }

    public Exchange stored(String eventName, String recipient) throws Exception {
        long paubox = Webhooks.nextId();
        PauboxEvent event = new PauboxEvent(null, eventName, Long.toString(paubox), recipient, Webhooks.SENDER,
                OffsetDateTime.parse("2026-11-27T20:27:25.379Z"), Webhooks.event(eventName, paubox, recipient), null);
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(event);
        inbox.store(exchange);
        inbox.toHeaders(exchange);
        return exchange;
    }
}
