package com.example.paubox.admin;

import com.example.paubox.watch.WatchConditions;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The conditions the receiver watches in itself (silence, events-lost, token-trouble,
 * sink-failing per sink, backlog): each one's state, since when, its last alert and what it looks
 * like. Described in {@code /admin/openapi.yaml}.
 */
@RestController
@RequestMapping("/admin/watch")
class WatchAdminController {

    private final WatchConditions conditions;

    WatchAdminController(WatchConditions conditions) {
        this.conditions = conditions;
    }

    @GetMapping
    List<Map<String, Object>> conditions() {
        return conditions.report();
    }
}
