package com.example.paubox.watch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The watched conditions as health details ({@code watch}): each one's state, since when, and
 * what it looks like. Always UP: a firing condition is told to the ops destination, and must not
 * take the receiver out of service, which would lose webhooks.
 */
@Component
class WatchHealthIndicator implements HealthIndicator {

    private final WatchConditions conditions;
    private final WatchProperties properties;

    WatchHealthIndicator(WatchConditions conditions, WatchProperties properties) {
        this.conditions = conditions;
        this.properties = properties;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up().withDetail("enabled", properties.enabled());
        try {
            List<Map<String, Object>> report = conditions.report();
            Map<String, Object> byName = new LinkedHashMap<>();
            report.forEach(condition -> {
                Map<String, Object> shown = new LinkedHashMap<>(condition);
                String name = shown.remove("condition") + (shown.containsKey("subject") ? " " + shown.remove("subject") : "");
                byName.put(name, shown);
            });
            health.withDetail("firing", report.stream().filter(c -> "firing".equals(c.get("state"))).count());
            health.withDetail("conditions", byName);
        } catch (RuntimeException databaseAway) {
            health.withDetail("conditions", "unknown");
        }
        return health.build();
    }
}
