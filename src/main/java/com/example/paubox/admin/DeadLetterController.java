package com.example.paubox.admin;

import com.example.paubox.delivery.Deliveries;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Dead letters for operators: deliveries whose retries ran out or that a sink refused for good.
 * List them with their reason, and replay one, a set, or all; a replayed delivery is delivered
 * once more by the retry route, and one that was delivered meanwhile is never sent again.
 */
@RestController
@RequestMapping("/admin/dead-letters")
class DeadLetterController {

    private final JdbcTemplate jdbc;
    private final Deliveries deliveries;

    DeadLetterController(JdbcTemplate jdbc, Deliveries deliveries) {
        this.jdbc = jdbc;
        this.deliveries = deliveries;
    }

    /** Body of a replay request: the delivery ids, or {@code "all": true}. */
    record ReplayRequest(List<Long> ids, boolean all) {
    }

    @GetMapping
    List<Map<String, Object>> list() {
        return jdbc.queryForList("""
                SELECT d.id, d.event_id, e.event_name, e.paubox_message_id, d.sink, d.attempts, d.last_error, d.updated_at
                FROM deliveries d JOIN webhook_events e ON e.id = d.event_id
                WHERE d.status = 'DEAD' ORDER BY d.id""");
    }

    @PostMapping("/{id}/replay")
    Map<String, Integer> replayOne(@PathVariable long id) {
        return Map.of("replayed", deliveries.replay(List.of(id)));
    }

    @PostMapping("/replay")
    Map<String, Integer> replay(@RequestBody ReplayRequest request) {
        if (request.all()) {
            return Map.of("replayed", deliveries.replay(null));
        }
        if (request.ids() == null || request.ids().isEmpty()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "give \"ids\" or \"all\": true");
        }
        return Map.of("replayed", deliveries.replay(request.ids()));
    }
}
