package com.example.paubox.admin;

import com.example.paubox.inbox.Inbox;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Events for operators: list them by status and kind (paged, recipients masked), show one with
 * its deliveries and their errors, and counts for the last hour and day. Described in
 * {@code /admin/openapi.yaml}.
 */
@RestController
@RequestMapping("/admin")
class EventAdminController {

    private static final Set<String> STATUSES = Set.of("RECEIVED", "ROUTING", "DISPATCHED", "UNROUTED");

    private final JdbcTemplate jdbc;
    private final Inbox inbox;

    EventAdminController(JdbcTemplate jdbc, Inbox inbox) {
        this.jdbc = jdbc;
        this.inbox = inbox;
    }

    @GetMapping("/events")
    Map<String, Object> events(@RequestParam(required = false) String status, @RequestParam(required = false) String kind,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        if (status != null && !STATUSES.contains(status) || page < 0 || size < 1 || size > 200) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "status is one of " + STATUSES + ", page >= 0, size 1..200");
        }
        StringBuilder sql = new StringBuilder("SELECT id, event_name, paubox_message_id, status, source, received_at, raw_body FROM webhook_events WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (status != null) {
            sql.append(" AND status = ?");
            args.add(status);
        }
        if (kind != null) {
            sql.append(" AND event_name = ?");
            args.add(kind);
        }
        sql.append(" ORDER BY id DESC LIMIT ").append(size).append(" OFFSET ").append((long) page * size);
        List<Map<String, Object>> items = jdbc.queryForList(sql.toString(), args.toArray()).stream().map(inbox::withMaskedRecipient).toList();
        return Map.of("page", page, "size", size, "items", items);
    }

    @GetMapping("/events/{id}")
    Map<String, Object> event(@PathVariable long id) {
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT id, event_name, paubox_message_id, status, source, received_at, claimed_by, raw_body FROM webhook_events WHERE id = ?", id);
        if (rows.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        Map<String, Object> event = inbox.withMaskedRecipient(rows.get(0));
        event.put("deliveries", jdbc.queryForList("""
                SELECT id, sink, status, attempts, last_error, next_attempt_at, delivered_at, updated_at, digest_id
                FROM deliveries WHERE event_id = ? ORDER BY id""", id));
        return event;
    }

    @GetMapping("/stats")
    Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        OffsetDateTime now = OffsetDateTime.now();
        for (var window : Map.of("lastHour", now.minusHours(1), "lastDay", now.minusDays(1)).entrySet()) {
            Map<String, Object> counts = new LinkedHashMap<>();
            counts.put("events", grouped("SELECT status, COUNT(*) FROM webhook_events WHERE received_at > ? GROUP BY status", window.getValue()));
            counts.put("deliveries", grouped("SELECT status, COUNT(*) FROM deliveries WHERE created_at > ? GROUP BY status", window.getValue()));
            stats.put(window.getKey(), counts);
        }
        return stats;
    }

    private Map<String, Long> grouped(String sql, OffsetDateTime since) {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.query(sql, rs -> {
            counts.put(rs.getString(1), rs.getLong(2));
        }, since);
        return counts;
    }
}
