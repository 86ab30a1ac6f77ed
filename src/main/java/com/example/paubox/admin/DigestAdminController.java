package com.example.paubox.admin;

import com.example.paubox.notify.RecipientMasking;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import com.example.paubox.inbox.Inbox;

/**
 * Digests for operators (the query a digest message points to): one digest with each alert it
 * held or carried (event, kind, Paubox id, masked recipient, the delivery's state), and the
 * latest digests. Described in {@code /admin/openapi.yaml}.
 */
@RestController
@RequestMapping("/admin/digests")
class DigestAdminController {

    private static final String DIGEST = """
            SELECT id, sink, event_name, status, opened_at, closes_at, carrier_id, alerts, sent_at FROM alert_digests""";

    private final JdbcTemplate jdbc;
    private final Inbox inbox;

    DigestAdminController(JdbcTemplate jdbc, Inbox inbox) {
        this.jdbc = jdbc;
        this.inbox = inbox;
    }

    @GetMapping
    List<Map<String, Object>> latest(@RequestParam(required = false) String sink, @RequestParam(defaultValue = "50") int size) {
        if (size < 1 || size > 200) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "size 1..200");
        }
        return sink == null ? jdbc.queryForList(DIGEST + " ORDER BY id DESC LIMIT " + size)
                : jdbc.queryForList(DIGEST + " WHERE sink = ? ORDER BY id DESC LIMIT " + size, sink);
    }

    @GetMapping("/{id}")
    Map<String, Object> digest(@PathVariable long id) {
        List<Map<String, Object>> rows = jdbc.queryForList(DIGEST + " WHERE id = ?", id);
        if (rows.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        Map<String, Object> digest = new LinkedHashMap<>(rows.get(0));
        List<Map<String, Object>> alerts = jdbc.query("""
                SELECT d.id, d.event_id, d.status, d.delivered_at, e.event_name, e.paubox_message_id
                FROM deliveries d JOIN webhook_events e ON e.id = d.event_id WHERE d.digest_id = ? ORDER BY d.event_id""",
                (rs, n) -> {
                    Map<String, Object> alert = new LinkedHashMap<>();
                    alert.put("delivery_id", rs.getLong("id"));
                    alert.put("event_id", rs.getLong("event_id"));
                    alert.put("event_name", rs.getString("event_name"));
                    alert.put("paubox_message_id", rs.getString("paubox_message_id"));
                    alert.put("status", rs.getString("status"));
                    alert.put("delivered_at", rs.getObject("delivered_at"));
                    return alert;
                }, id);
        for (Map<String, Object> alert : alerts) {
            try {
                alert.put("recipient", RecipientMasking.mask(inbox.load((Long) alert.get("event_id")).recipient()));
            } catch (RuntimeException unreadable) {
                alert.put("recipient", "(unreadable)");
            }
        }
        digest.put("deliveries", alerts);
        return digest;
    }
}
