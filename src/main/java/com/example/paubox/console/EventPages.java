package com.example.paubox.console;

import com.example.paubox.delivery.Deliveries;
import com.example.paubox.inbox.Inbox;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/** The events and dead letters the console lists, filtered and paged, and their replay. */
@Component
class EventPages {

    static final int PAGE_SIZE = 50;

    private static final Logger log = LoggerFactory.getLogger(EventPages.class);

    private final JdbcTemplate jdbc;
    private final Inbox inbox;
    private final Deliveries deliveries;

    EventPages(JdbcTemplate jdbc, Inbox inbox, Deliveries deliveries) {
        this.jdbc = jdbc;
        this.inbox = inbox;
        this.deliveries = deliveries;
    }

    /** One page of events, newest first, with the recipient masked; one more row is read to know whether a next page exists. */
    List<Map<String, Object>> events(EventFilter filter, int page) {
        StringBuilder sql = new StringBuilder("""
                SELECT e.id, e.event_name, e.status, e.source, e.sender_domain, e.paubox_message_id, e.received_at, e.raw_body
                FROM webhook_events e WHERE 1 = 1""");
        List<Object> args = new ArrayList<>();
        filter.where(sql, args);
        sql.append(" ORDER BY e.id DESC LIMIT ").append(PAGE_SIZE + 1).append(" OFFSET ").append((long) page * PAGE_SIZE);
        return jdbc.queryForList(sql.toString(), args.toArray()).stream().map(inbox::withMaskedRecipient).toList();
    }

    Map<String, Object> event(long id) {
        List<Map<String, Object>> rows = jdbc.queryForList("""
                SELECT e.id, e.event_name, e.status, e.source, e.sender_domain, e.paubox_message_id, e.received_at, e.claimed_by, e.raw_body
                FROM webhook_events e WHERE e.id = ?""", id);
        if (rows.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        Map<String, Object> event = inbox.withMaskedRecipient(rows.get(0));
        List<Map<String, Object>> history = jdbc.queryForList(
                "SELECT sink, attempt, outcome, error, took_ms, at FROM delivery_attempts WHERE event_id = ? ORDER BY id", id);
        List<Map<String, Object>> sinks = new ArrayList<>();
        for (Map<String, Object> delivery : jdbc.queryForList("""
                SELECT id, sink, status, attempts, last_error, next_attempt_at, delivered_at, created_at, updated_at, digest_id
                FROM deliveries WHERE event_id = ? ORDER BY id""", id)) {
            Map<String, Object> withHistory = new LinkedHashMap<>(delivery);
            withHistory.put("history", history.stream().filter(h -> h.get("sink").equals(delivery.get("sink"))).toList());
            sinks.add(withHistory);
        }
        event.put("deliveries", sinks);
        return event;
    }

    /** Dead letters matching the filter (and the sink, when given), oldest first. */
    List<Map<String, Object>> deadLetters(EventFilter filter, String sink) {
        StringBuilder sql = new StringBuilder("""
                SELECT d.id, d.event_id, d.sink, d.attempts, d.last_error, d.updated_at, e.event_name, e.sender_domain, e.received_at
                FROM deliveries d JOIN webhook_events e ON e.id = d.event_id WHERE d.status = 'DEAD'""");
        List<Object> args = new ArrayList<>();
        filter.where(sql, args);
        if (sink != null && !sink.isBlank()) {
            sql.append(" AND d.sink = ?");
            args.add(sink.trim());
        }
        sql.append(" ORDER BY d.id LIMIT 1000");
        return jdbc.queryForList(sql.toString(), args.toArray());
    }

    /** Puts these dead letters back in line; logs who did it and how many, by delivery id only. */
    int replay(List<Long> ids, String operator, String what) {
        if (ids.isEmpty()) {
            return 0;
        }
        int replayed = deliveries.replay(ids);
        log.info("Console replay operator={} what={} requested={} replayed={}", Operators.safe(operator), what, ids.size(), replayed);
        return replayed;
    }

    /** The dead deliveries of one event. */
    List<Long> deadOf(long eventId) {
        return jdbc.queryForList("SELECT id FROM deliveries WHERE event_id = ? AND status = 'DEAD' ORDER BY id", Long.class, eventId);
    }

    static List<Long> ids(List<Map<String, Object>> rows) {
        List<Long> ids = new ArrayList<>();
        rows.forEach(row -> ids.add(((Number) row.get("id")).longValue()));
        return ids;
    }
}
