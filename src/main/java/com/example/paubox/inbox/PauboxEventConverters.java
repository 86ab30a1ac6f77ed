package com.example.paubox.inbox;

import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Converter;
import org.apache.camel.TypeConverters;
import org.springframework.stereotype.Component;

/**
 * Lets camel-sql read a ticket statement's named parameters ({@code :#recipient} and so on) from
 * the {@link PauboxEvent} in the body. camel-sql asks for the body as a {@link Map} for every
 * parameter it binds; without a converter each ask is a miss that walks Camel's whole converter
 * registry, which cost about a third of the dispatch CPU under load. Values the event lacks (a
 * missing event time) are left out, so the message header of that name is used instead.
 */
@Component
public class PauboxEventConverters implements TypeConverters {

    @Converter
    public static Map<String, Object> toParameters(PauboxEvent event) {
        Map<String, Object> parameters = new HashMap<>(8);
        putIfPresent(parameters, "eventId", event.eventId());
        putIfPresent(parameters, "eventName", event.eventName());
        putIfPresent(parameters, "pauboxMessageId", event.pauboxMessageId());
        putIfPresent(parameters, "recipient", event.recipient());
        putIfPresent(parameters, "sender", event.sender());
        putIfPresent(parameters, "eventTime", event.eventTime());
        return parameters;
    }

    private static void putIfPresent(Map<String, Object> parameters, String name, Object value) {
        if (value != null) {
            parameters.put(name, value);
        }
    }
}
