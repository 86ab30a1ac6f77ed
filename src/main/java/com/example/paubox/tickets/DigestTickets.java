package com.example.paubox.tickets;

import com.example.paubox.delivery.AlertDigest;
import com.example.paubox.delivery.Digests;
import com.example.paubox.inbox.PauboxEvent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The tickets a hard-bounce digest names: for each recipient in it, the OPEN ticket that
 * {@code paubox.tickets.sql.find-open} finds (the statement the ticket-lookup route runs for a
 * single alert), in the tickets database. Never fails the digest: without an answer from the
 * tickets database it goes without ticket ids.
 */
@Component("digestTickets")
public class DigestTickets {

    private static final Logger log = LoggerFactory.getLogger(DigestTickets.class);
    private static final String HARD_BOUNCE = "api_mail_log_permanent_failure";

    private final NamedParameterJdbcTemplate tickets;
    /** find-open in Spring's {@code :name} form (Camel's sql component writes {@code :#name}). */
    private final String findOpen;

    public DigestTickets(@Qualifier("ticketsDataSource") DataSource ticketsDataSource,
            @Value("${paubox.tickets.sql.find-open}") String findOpen) {
        this.tickets = new NamedParameterJdbcTemplate(ticketsDataSource);
        this.findOpen = findOpen.replace(":#", ":");
    }

    /** Puts the tickets of a hard-bounce digest's recipients into the exchange's {@link AlertDigest}. */
    public void find(Exchange exchange) {
        AlertDigest digest = exchange.getProperty(Digests.DIGEST, AlertDigest.class);
        if (digest == null || !HARD_BOUNCE.equals(digest.kind())) {
            return;
        }
        Set<Long> found = new LinkedHashSet<>();
        Set<String> asked = new LinkedHashSet<>();
        try {
            for (PauboxEvent event : digest.alerts()) {
                if (event.recipient() == null || !asked.add(event.recipient())) {
                    continue;
                }
                Map<String, Object> parameters = parameters(event);
                found.addAll(tickets.query(findOpen, parameters, (rs, n) -> rs.getLong(1)));
            }
        } catch (RuntimeException away) {
            log.warn("Ticket lookup failed digest={} error={}; the digest goes without (all its) ticket ids", digest.id(),
                    away.getClass().getName());
        }
        exchange.setProperty(Digests.DIGEST, digest.withTickets(new ArrayList<>(found)));
    }

    /** The headers the single alert's lookup has, by the same names. */
    private static Map<String, Object> parameters(PauboxEvent event) {
        Map<String, Object> parameters = new java.util.HashMap<>();
        parameters.put("eventId", event.eventId());
        parameters.put("eventName", event.eventName());
        parameters.put("pauboxMessageId", event.pauboxMessageId());
        parameters.put("recipient", event.recipient());
        parameters.put("sender", event.sender());
        parameters.put("eventTime", event.eventTime());
        return parameters;
    }
}
