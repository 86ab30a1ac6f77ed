package com.example.paubox.system;

import com.example.paubox.delivery.Sinks;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Every sink the routing table names, as health details: whether each is enabled, and how its deliveries went over the
 * last 15 minutes. Always UP: a sink that is down delays notifications (they are retried) but
 * must not take the receiver out of service, which would lose webhooks.
 */
@Component
public class SinksHealthIndicator implements HealthIndicator {

    private final JdbcTemplate jdbc;
    private final Sinks sinks;
    private final CamelContext camel;

    SinksHealthIndicator(JdbcTemplate jdbc, Sinks sinks, CamelContext camel) {
        this.jdbc = jdbc;
        this.sinks = sinks;
        this.camel = camel;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up();
        for (String sink : Sinks.namedByRouter(camel)) {
            health.withDetail(sink, sink(sink));
        }
        return health.build();
    }

    private Map<String, Object> sink(String sink) {
        boolean enabled = sinks.isEnabled(sink);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("enabled", enabled);
        try {
            List<Map<String, Object>> counts = jdbc.queryForList(
                    "SELECT status, COUNT(*) AS n FROM deliveries WHERE sink = ? AND updated_at > ? GROUP BY status",
                    sink, OffsetDateTime.now().minusMinutes(15));
            Map<String, Object> last15 = new LinkedHashMap<>();
            counts.forEach(row -> last15.put(((String) row.get("status")).toLowerCase(), row.get("n")));
            detail.put("last15Minutes", last15);
            Number failing = (Number) last15.getOrDefault("failed", 0);
            Number dead = (Number) last15.getOrDefault("dead", 0);
            detail.put("state", !enabled ? "disabled" : failing.longValue() + dead.longValue() > 0 ? "failing" : "ok");
        } catch (RuntimeException databaseAway) {
            detail.put("state", "unknown");
        }
        return detail;
    }
}
