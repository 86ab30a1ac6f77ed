package com.example.paubox.support;

import com.example.paubox.delivery.Deliveries;
import com.example.paubox.inbox.Inbox;
import com.example.paubox.inbox.PauboxEvent;
import java.time.OffsetDateTime;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;

/**
 * Builds exchanges as the dispatcher hands them to the delivery mechanism: the event stored in the inbox,
 * its fields as headers and the {@code event} and {@code eventId} properties set.
 */
public final class DispatchedEvents {

    private final CamelContext camel;
    private final Inbox inbox;

    public DispatchedEvents(CamelContext camel, Inbox inbox) {
        this.camel = camel;
        this.inbox = inbox;
    }

    /**
     * The exchange made ready for the delivery mechanism (send it to {@code direct:sink-delivery}),
     * as the dispatcher hands each sink its own delivery.
     */
    public static Exchange to(String sink, Exchange exchange) {
        exchange.setProperty(Deliveries.SINK, sink);
        return exchange;
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
