package com.example.paubox.console;

import com.example.paubox.notify.RecipientMasking;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * The tickets the console lists, from the default ticketing table (the receiver's migrations),
 * recipients masked. An operator may reveal one ticket's address: one audit line says who and
 * which ticket, never the address. Tickets kept in another database (TICKETS_DATASOURCE_URL) are
 * read there; a helpdesk's own table, with its own columns, is not the console's to show.
 */
@Component
class TicketPages {

    static final Set<String> STATUSES = Set.of("OPEN", "RESOLVED");

    private static final Logger audit = LoggerFactory.getLogger("com.example.paubox.console.audit");

    private final JdbcTemplate tickets;
    private final JdbcTemplate events;

    TicketPages(@Qualifier("tickets") DataSource ticketsDataSource, JdbcTemplate events) {
        this.tickets = new JdbcTemplate(ticketsDataSource);
        this.events = events;
    }

    /**
     * Whether the tickets database has the default ticketing table: false where the ticket SQL
     * was rewritten for a helpdesk's own table, whose columns the console cannot know.
     */
    boolean shown() {
        try {
            tickets.queryForList(SELECT + " WHERE 1 = 0");
            return true;
        } catch (RuntimeException notTheDefaultTable) {
            return false;
        }
    }

    /**
     * The tickets, newest first (500 at most), recipients masked, each with the event that opened
     * it: one query on the tickets database and one on the receiver's, whatever the number of
     * tickets (they may be two databases, so no join).
     */
    List<Map<String, Object>> list(String status) {
        if (status != null && !STATUSES.contains(status)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "status is OPEN or RESOLVED");
        }
        List<Map<String, Object>> rows = status == null
                ? tickets.queryForList(SELECT + " ORDER BY id DESC LIMIT 500")
                : tickets.queryForList(SELECT + " WHERE status = ? ORDER BY id DESC LIMIT 500", status);
        Map<String, Long> openedBy = openingEvents(rows);
        return rows.stream().map(row -> masked(row, openedBy)).toList();
    }

    /** paubox_message_id + event_name -> the first event of that message and kind. */
    private Map<String, Long> openingEvents(List<Map<String, Object>> rows) {
        Map<String, Long> found = new HashMap<>();
        List<Object> messageIds = rows.stream().map(row -> row.get("paubox_message_id")).distinct().toList();
        if (messageIds.isEmpty()) {
            return found;
        }
        String in = String.join(", ", java.util.Collections.nCopies(messageIds.size(), "?"));
        events.query("SELECT paubox_message_id, event_name, MIN(id) FROM webhook_events WHERE paubox_message_id IN (" + in
                + ") GROUP BY paubox_message_id, event_name", row -> {
            found.put(row.getString(1) + "|" + row.getString(2), row.getLong(3));
        }, messageIds.toArray());
        return found;
    }

    /** The ticket's full address, for the operator who asked; the audit line names the ticket, not the address. */
    String reveal(long id, String operator) {
        List<String> found = tickets.queryForList("SELECT recipient FROM tickets WHERE id = ?", String.class, id);
        if (found.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        audit.info("Console reveal operator={} ticket={}", Operators.safe(operator), id);
        return found.get(0);
    }

    private static final String SELECT = """
            SELECT id, status, recipient, sender, event_name, paubox_message_id, occurrences, first_seen_at, last_seen_at
            FROM tickets""";

    private static Map<String, Object> masked(Map<String, Object> row, Map<String, Long> openedBy) {
        Map<String, Object> ticket = new LinkedHashMap<>(row);
        ticket.put("maskedRecipient", RecipientMasking.mask((String) row.get("recipient")));
        ticket.put("senderDomain", RecipientMasking.domain((String) row.get("sender")));
        ticket.remove("recipient");
        ticket.remove("sender");
        ticket.put("eventId", openedBy.get(row.get("paubox_message_id") + "|" + row.get("event_name")));
        return ticket;
    }
}
